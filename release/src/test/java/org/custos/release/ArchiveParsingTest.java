package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The gate's readers of untrusted input: digests, artifacts and source archives give a value or a typed error. */
class ArchiveParsingTest {
    private static final byte[] ZIP = zip("BUILD.properties", "deps.lock", "src/A.java");

    @Property(tries = 500)
    void digest_parse_isExactOrRefused(@ForAll("digests") String text) {
        try {
            assertThat(Sha256Digest.parse(text).toString()).isEqualTo(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).contains("sha256:");
        }
    }

    @Property(tries = 200)
    void anyBytes_asArtifactOrSource_giveAValueOrAnInvalidProblem(@ForAll("files") byte[] bytes) throws Exception {
        Path file = Files.createTempFile("untrusted", ".bin");
        try {
            Files.write(file, bytes);
            try {
                BundleManifest.read(file, Set.of(1));
            } catch (ReleaseException e) {
                assertThat(e.problem()).isEqualTo(ReleaseProblem.INVALID_ARTIFACT);
            }
            try {
                assertThat(SourceFiles.read(file).files()).containsKeys("BUILD.properties", "deps.lock");
            } catch (ReleaseException e) {
                assertThat(e.problem()).isEqualTo(ReleaseProblem.INVALID_SOURCE);
            }
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 200)
    void entryNames_outsideTheArchiveRoot_areRefused(@ForAll("badNames") String name) throws Exception {
        Path file = Files.createTempFile("names", ".zip");
        try {
            Files.write(file, zip("BUILD.properties", "deps.lock", name));
            try {
                SourceFiles.read(file);
                // an accepted name stays under the archive's root wherever it is extracted
                Path root = Path.of("/extract/root");
                assertThat(root.resolve(name).normalize().startsWith(root)).as("accepted %s", name).isTrue();
                assertThat(name).doesNotStartWith("/").doesNotContain("\\");
            } catch (ReleaseException e) {
                assertThat(e.problem()).isEqualTo(ReleaseProblem.INVALID_SOURCE);
            }
        } finally {
            Files.delete(file);
        }
    }

    @Provide
    Arbitrary<String> digests() {
        Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdefABCDEFg").ofLength(64);
        return Arbitraries.oneOf(hex.map(h -> "sha256:" + h), hex, Arbitraries.strings().ofMaxLength(80),
                hex.map(h -> "sha256:" + h.substring(1)));
    }

    @Provide
    Arbitrary<byte[]> files() {
        Arbitrary<byte[]> flipped = Arbitraries.integers().between(0, ZIP.length - 1).flatMap(at ->
                Arbitraries.bytes().map(b -> {
                    byte[] copy = ZIP.clone();
                    copy[at] = b;
                    return copy;
                }));
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, ZIP.length).map(n -> java.util.Arrays.copyOf(ZIP, n));
        return Arbitraries.oneOf(flipped, cut, Arbitraries.bytes().array(byte[].class).ofMaxSize(300));
    }

    @Provide
    Arbitrary<String> badNames() {
        return Arbitraries.oneOf(Arbitraries.of("../evil", "/etc/passwd", "a/../../b", "a\\b", "./x", "a//b",
                "src/ok.java"), Arbitraries.strings().withChars("./a\\").ofMinLength(1).ofMaxLength(8));
    }

    private static byte[] zip(String... names) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (String name : names) {
                out.putNextEntry(new ZipEntry(name));
                out.write(("content of " + name).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

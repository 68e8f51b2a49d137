package org.custos.release;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Algorithm bundles for the tests, made the way an owner would: a deterministic source archive (recipe, lock file,
 * sources) and the jar built from it with {@link JavacRebuilder}.
 */
final class TestBundles {
    static final String MAIN = "org.example.engine.Main";
    private final Path directory;
    private final Path dependencies;
    private int next;

    /** A built bundle: its jar and the source archive it was built from. */
    record Bundle(Path artifact, Path source) {
        Sha256Digest artifactDigest() {
            try {
                return Sha256Digest.of(artifact);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Sha256Digest sourceDigest() {
            try {
                return Sha256Digest.of(source);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    TestBundles(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.dependencies = Files.createDirectories(directory.resolve("deps"));
    }

    Path dependencyStore() {
        return dependencies;
    }

    /** Stores {@code bytes} as a dependency and returns its lock line. */
    String dependency(String name, byte[] bytes) throws IOException {
        Sha256Digest digest = Sha256Digest.of(bytes);
        Files.write(dependencies.resolve(digest.hex()), bytes);
        return name + " pkg:maven/" + name.replace(':', '/') + " " + digest;
    }

    /** The files of a source archive whose main class prints {@code greeting}. */
    static Map<String, String> sources(String greeting, String lock) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("BUILD.properties", "main.class=" + MAIN + "\nbundle.name=example-engine\nprotocol.version=1\n");
        files.put("deps.lock", "# name uri digest\n" + lock);
        files.put("src/org/example/engine/Main.java", """
                package org.example.engine;

                /** The example engine. */
                public final class Main {
                    static final String GREETING = "%s";

                    private Main() {
                    }

                    public static void main(String[] args) {
                        System.out.println(GREETING);
                    }
                }
                """.formatted(greeting));
        files.put("src/org/example/engine/Ranking.java", """
                package org.example.engine;

                final class Ranking {
                    static int score(int a, int b) {
                        return a * 31 + b;
                    }
                }
                """);
        return files;
    }

    /** Writes a zip with sorted entries and fixed times. */
    Path archive(Map<String, String> files) throws IOException {
        Path zip = directory.resolve("source-" + (++next) + ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (var file : new TreeMap<>(files).entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setTimeLocal(LocalDateTime.of(2020, 1, 1, 0, 0));
                z.putNextEntry(entry);
                z.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }

    /** Builds the jar of {@code source} as the owner would (the same builder the custodian runs). */
    Path build(Path source) throws IOException {
        Path work = Files.createTempDirectory(directory, "build-");
        try {
            Rebuilder.Outcome outcome = new JavacRebuilder(dependencies).rebuild(source, work);
            Path jar = directory.resolve("bundle-" + (++next) + ".jar");
            Files.copy(outcome.artifact(), jar);
            return jar;
        } catch (Rebuilder.RebuildFailedException e) {
            throw new IOException(e);
        }
    }

    Bundle bundle(String greeting) throws IOException {
        Path source = archive(sources(greeting, ""));
        return new Bundle(build(source), source);
    }
}

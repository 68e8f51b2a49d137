package org.custos.release.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HermeticBuildTest {

    @TempDir
    Path temp;

    @Test
    void rebuild_sameArchiveInTwoWorkDirectories_byteIdenticalJars() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        Path archive = fixture.archive(temp.resolve("src.zip"));

        BuildOutcome first = HermeticBuild.rebuild(archive, fixture.store(), temp.resolve("one"));
        BuildOutcome second = HermeticBuild.rebuild(archive, fixture.store(), temp.resolve("two/deeper"));

        assertThat(Files.readAllBytes(second.artifact())).isEqualTo(Files.readAllBytes(first.artifact()));
        assertThat(second.artifactDigest()).isEqualTo(first.artifactDigest())
                .isEqualTo(Digests.sha256(Files.readAllBytes(first.artifact())));
        assertThat(first.sourceDigest()).isEqualTo(Digests.sha256(Files.readAllBytes(archive)));
        assertThat(first.recipe()).isEqualTo(Fixture.recipe("demo.Main", Fixture.TIME));
        assertThat(first.dependencies()).isEqualTo(fixture.lock);
        assertThat(first.runtime()).isEqualTo(Fixture.RUNTIME);
        assertThat(first.runtimeMatchesRecipe()).isTrue();
        assertThat(first.artifact().getFileName()).hasToString("demo-bundle.jar");
        assertThat(JarComparison.compare(first.artifact(), second.artifact()).identical()).isTrue();
    }

    @Test
    void rebuild_oneSourceByteChanged_differentDigest() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        String before = build(fixture, "a");
        fixture.source("api/src/main/java/demo/api/Names.java", Fixture.NAMES.replace("\"world\"", "\"World\""));
        String after = build(fixture, "b");

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void rebuild_otherTimestamp_differentDigest() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        String before = build(fixture, "a");
        fixture.recipe(Fixture.recipe("demo.Main", Fixture.TIME.plusSeconds(2)));
        String after = build(fixture, "b");

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void rebuild_otherDependency_differentDigest() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        String before = build(fixture, "a");
        Path greeter = fixture.deps.resolve("greeter-1.0.jar");
        Files.write(greeter, Fixture.greeterJar("hi"));
        fixture.lock.set(0, Fixture.locked("org.example:greeter:1.0", greeter));
        fixture.writeLock();
        String after = build(fixture, "b");

        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void rebuild_tamperedDependency_failsNamingTheFileAndBothDigests() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        Path archive = fixture.archive(temp.resolve("src.zip"));
        Path greeter = fixture.deps.resolve("greeter-1.0.jar");
        byte[] bytes = Files.readAllBytes(greeter);
        bytes[bytes.length / 2] ^= 1;
        Files.write(greeter, bytes);

        assertThatThrownBy(() -> HermeticBuild.rebuild(archive, fixture.store(), temp.resolve("work")))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BuildFailedException.Reason.DEPENDENCY_MISMATCH);
                    assertThat(e.reason().code()).isEqualTo("dependency-mismatch");
                    assertThat(e.getMessage()).contains("greeter-1.0.jar", "org.example:greeter:1.0",
                            "expected " + fixture.lock.getFirst().digest(), "actual " + Digests.sha256(bytes));
                });
    }

    @Test
    void rebuild_dependencyMissingFromTheStore_failsNamingIt() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        Path archive = fixture.archive(temp.resolve("src.zip"));
        Files.delete(fixture.deps.resolve("voices-1.0.jar"));

        assertThatThrownBy(() -> HermeticBuild.rebuild(archive, fixture.store(), temp.resolve("work")))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BuildFailedException.Reason.DEPENDENCY_MISSING);
                    assertThat(e.getMessage()).contains("org.example:voices:1.0", "voices-1.0.jar",
                            "the directory " + fixture.deps);
                });
    }

    @Test
    void rebuild_mainClassNotInTheBundle_fails() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        fixture.recipe(Fixture.recipe("demo.Missing", Fixture.TIME));
        Path archive = fixture.archive(temp.resolve("src.zip"));

        assertThatThrownBy(() -> HermeticBuild.rebuild(archive, fixture.store(), temp.resolve("work")))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BuildFailedException.Reason.MAIN_CLASS_MISSING);
                    assertThat(e.getMessage()).contains("demo.Missing", "demo/Missing.class");
                });
    }

    @Test
    void rebuild_flattenedDependencies_loadInAChildJvm() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        BuildOutcome outcome = HermeticBuild.rebuild(fixture.archive(temp.resolve("src.zip")), fixture.store(),
                temp.resolve("work"));

        assertThat(Fixture.run(outcome.artifact(), "demo.Main")).isEqualTo("hello, world\nloud\nquiet\n");
    }

    @Test
    void rebuild_layout_manifestSortedEntriesFlattenedDependencies() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        BuildOutcome outcome = HermeticBuild.rebuild(fixture.archive(temp.resolve("src.zip")), fixture.store(),
                temp.resolve("work"));

        try (ZipFile zip = new ZipFile(outcome.artifact().toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            assertThat(names.getFirst()).isEqualTo(JarFile.MANIFEST_NAME);
            assertThat(names.subList(1, names.size())).isSorted();
            assertThat(names).containsExactly(
                    "META-INF/MANIFEST.MF",
                    "META-INF/custos/BUILD.properties",
                    "META-INF/custos/deps.lock",
                    "META-INF/licenses/greeter/LICENSE.txt",
                    "META-INF/licenses/greeter/NOTICE",
                    "META-INF/licenses/voices/LICENSE",
                    "META-INF/services/org.example.greeter.Voice",
                    "demo/Main.class",
                    "demo/api/Names.class",
                    "org/example/greeter/Greeter.class",
                    "org/example/greeter/LoudVoice.class",
                    "org/example/greeter/Voice.class",
                    "org/example/greeter/words.txt",
                    "org/example/voices/QuietVoice.class");
            assertThat(text(zip, "META-INF/MANIFEST.MF")).isEqualTo("""
                    Manifest-Version: 1.0\r
                    Main-Class: demo.Main\r
                    Custos-Protocol-Version: 1\r
                    Custos-Bundle-Name: demo-bundle\r
                    Created-By: Custos HermeticBuild 1\r
                    \r
                    """);
            assertThat(text(zip, "META-INF/services/org.example.greeter.Voice"))
                    .isEqualTo("org.example.greeter.LoudVoice\norg.example.voices.QuietVoice\n");
            assertThat(text(zip, "META-INF/custos/BUILD.properties")).isEqualTo(Files.readString(fixture.recipeFile));
            assertThat(text(zip, "META-INF/custos/deps.lock")).isEqualTo(Files.readString(fixture.lockFile));
            for (ZipEntry entry : Collections.list(zip.entries())) {
                assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
                assertThat(entry.getExtra()).isNull();
                assertThat(entry.getTimeLocal()).isEqualTo(java.time.LocalDateTime.parse("2026-01-01T00:00:00"));
            }
        }
    }

    @Test
    void rebuild_realLuceneCore_flattenedAndItsServicesLoadInAChildJvm() throws Exception {
        Fixture fixture = new Fixture(temp);
        Path lucene = Fixture.luceneJar();
        Path repository = lucene.getParent().getParent().getParent().getParent().getParent().getParent();
        fixture.source("app/src/main/java/demo/Main.java", """
                package demo;

                import org.apache.lucene.codecs.Codec;
                import org.apache.lucene.util.BytesRef;
                import org.apache.lucene.util.Version;

                public final class Main {
                    public static void main(String[] args) {
                        System.out.println("lucene " + Version.LATEST + " " + new BytesRef(demo.api.Names.world())
                                .utf8ToString() + " " + Codec.getDefault().getName());
                    }
                }
                """);
        fixture.source("api/src/main/java/demo/api/Names.java", Fixture.NAMES);
        fixture.lock.add(Fixture.locked("org.apache.lucene:lucene-core:10.3.2", lucene));
        fixture.writeLock();
        fixture.recipe(new Recipe("demo-lucene", "demo.Main", 1, 25, Fixture.ROOTS,
                List.of("-encoding", "UTF-8", "-proc:none", "-implicit:none", "--add-modules",
                        "jdk.incubator.vector", "-g"), Fixture.TIME, Fixture.RUNTIME));
        Path archive = fixture.archive(temp.resolve("src.zip"));

        BuildOutcome first = HermeticBuild.rebuild(archive, DependencyStore.mavenLocal(repository),
                temp.resolve("one"));
        BuildOutcome second = HermeticBuild.rebuild(archive, DependencyStore.mavenLocal(repository),
                temp.resolve("two"));

        assertThat(second.artifactDigest()).isEqualTo(first.artifactDigest());
        assertThat(Fixture.run(first.artifact(), "demo.Main")).startsWith("lucene 10.3.2 world Lucene");
        try (ZipFile zip = new ZipFile(first.artifact().toFile())) {
            assertThat(zip.getEntry("module-info.class")).isNull();
            assertThat(zip.getEntry("META-INF/licenses/lucene-core/LICENSE.txt")).isNotNull();
            assertThat(zip.getEntry("META-INF/licenses/lucene-core/NOTICE.txt")).isNotNull();
            assertThat(zip.getEntry("META-INF/services/org.apache.lucene.codecs.Codec")).isNotNull();
        }
        System.out.printf("lucene fixture: rebuild %d ms, bundle %d bytes%n",
                java.time.Duration.between(second.startedOn(), second.finishedOn()).toMillis(),
                Files.size(second.artifact()));
    }

    @Test
    void rebuild_multiReleaseDependency_keepsItsVersionedClassesAndSaysSo() throws Exception {
        Fixture fixture = new Fixture(temp);
        String which = """
                package org.example.mr;
                public final class Which { public static String which() { return "%s"; } }
                """;
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>(Fixture.entries(Fixture.jar(
                Map.of("org/example/mr/Which.java", which.formatted("base")), Map.of(), List.of())));
        byte[] newer = Fixture.entries(Fixture.jar(Map.of("org/example/mr/Which.java", which.formatted("newer")),
                Map.of(), List.of())).get("org/example/mr/Which.class");
        entries.put("META-INF/versions/21/org/example/mr/Which.class", newer);
        entries.put("META-INF/versions/9/module-info.class", new byte[] {1, 2, 3});
        Path multi = Files.write(fixture.deps.resolve("mr-1.jar"), Fixture.jarOf(Map.of("Multi-Release", "true"),
                entries));
        // A plain jar's versioned entries are inert in it and stay so: they are dropped.
        Path plain = Files.write(fixture.deps.resolve("plain-1.jar"), Fixture.jarOf(Map.of(), Map.of(
                "org/example/plain/readme.txt", new byte[] {'p'},
                "META-INF/versions/21/org/example/plain/readme.txt", new byte[] {'v'})));
        fixture.lock.add(Fixture.locked("org.example:mr:1", multi));
        fixture.lock.add(Fixture.locked("org.example:plain:1", plain));
        fixture.writeLock();
        fixture.source("api/src/main/java/demo/api/Names.java", Fixture.NAMES);
        fixture.source("app/src/main/java/demo/Main.java", """
                package demo;
                public final class Main {
                    public static void main(String[] args) { System.out.println(org.example.mr.Which.which()); }
                }
                """);
        fixture.recipe(Fixture.recipe("demo.Main", Fixture.TIME));

        BuildOutcome outcome = HermeticBuild.rebuild(fixture.archive(temp.resolve("src.zip")), fixture.store(),
                temp.resolve("work"));

        assertThat(Fixture.run(outcome.artifact(), "demo.Main")).isEqualTo("newer\n");
        try (JarFile jar = new JarFile(outcome.artifact().toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
            assertThat(Collections.list(jar.entries())).extracting(ZipEntry::getName)
                    .contains("META-INF/versions/21/org/example/mr/Which.class", "org/example/plain/readme.txt")
                    .doesNotContain("META-INF/versions/9/module-info.class",
                            "META-INF/versions/21/org/example/plain/readme.txt");
        }
    }

    @Test
    void rebuild_sourcesSeeOnlyTheLockedJars_notTheBuildersClassPath() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        // picocli is on this JVM's class path (the builder's own dependency) but in no lock.
        fixture.source("app/src/main/java/demo/Sneaky.java", """
                package demo;
                final class Sneaky { picocli.CommandLine line; }
                """);
        Path archive = fixture.archive(temp.resolve("src.zip"));

        assertThatThrownBy(() -> HermeticBuild.rebuild(archive, fixture.store(), temp.resolve("work")))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BuildFailedException.Reason.COMPILATION_FAILED);
                    assertThat(e.getMessage()).contains("app/src/main/java/demo/Sneaky.java:2", "picocli")
                            .doesNotContain(temp.toString());
                });
    }

    @Test
    void rebuild_classInBothSourcesAndADependency_fails() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        fixture.source("app/src/main/java/org/example/greeter/Voice.java", """
                package org.example.greeter;
                public interface Voice { String name(); }
                """);
        Path archive = fixture.archive(temp.resolve("src.zip"));

        assertThatThrownBy(() -> HermeticBuild.rebuild(archive, fixture.store(), temp.resolve("work")))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BuildFailedException.Reason.DUPLICATE_ENTRY);
                    assertThat(e.getMessage()).contains("org/example/greeter/Voice.class", "the compiled sources",
                            "org.example:greeter:1.0");
                });
    }

    @Test
    void rebuild_otherJdkInTheRecipe_warnsAndStillBuilds() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        fixture.recipe(new Recipe("demo-bundle", "demo.Main", 1, 25, Fixture.ROOTS, Fixture.OPTIONS, Fixture.TIME,
                "24.0.1+9"));
        BuildOutcome outcome = HermeticBuild.rebuild(fixture.archive(temp.resolve("src.zip")), fixture.store(),
                temp.resolve("work"));

        assertThat(outcome.runtimeMatchesRecipe()).isFalse();
        assertThat(outcome.runtime()).isEqualTo(Fixture.RUNTIME);
    }

    @Test
    void rebuild_nonEmptyWorkDirectory_refused() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        Path archive = fixture.archive(temp.resolve("src.zip"));
        Path work = Files.createDirectories(temp.resolve("work/classes/demo"));
        Files.writeString(work.resolve("Stale.class"), "stale");

        assertThatThrownBy(() -> HermeticBuild.rebuild(archive, fixture.store(), temp.resolve("work")))
                .isInstanceOfSatisfying(BuildFailedException.class, e ->
                        assertThat(e.reason()).isEqualTo(BuildFailedException.Reason.WORK_DIRECTORY_NOT_EMPTY));
    }

    @Test
    void rebuild_archiveWithAnEntryOutsideTheRoots_refused() throws Exception {
        Path archive = temp.resolve("hand-made.zip");
        try (OutputStream out = Files.newOutputStream(archive);
             DeterministicZip zip = new DeterministicZip(out, Fixture.TIME)) {
            zip.add("BUILD.properties", Fixture.recipe("demo.Main", Fixture.TIME).format()
                    .getBytes(StandardCharsets.UTF_8));
            zip.add("deps.lock", LockFile.format(List.of()).getBytes(StandardCharsets.UTF_8));
            zip.add("app/src/main/java/demo/Main.java", "package demo; class Main {}".getBytes(StandardCharsets.UTF_8));
            zip.add("elsewhere/Extra.java", "class Extra {}".getBytes(StandardCharsets.UTF_8));
        }

        assertThatThrownBy(() -> HermeticBuild.rebuild(archive, DependencyStore.directory(temp), temp.resolve("w")))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BuildFailedException.Reason.ARCHIVE_MALFORMED);
                    assertThat(e.getMessage()).contains("elsewhere/Extra.java", "outside every source root");
                });
    }

    @Test
    void rebuild_archiveWithAMalformedLock_failsNamingTheLine() throws Exception {
        Fixture fixture = Fixture.greeter(temp);
        Files.writeString(fixture.lockFile, Files.readString(fixture.lockFile) + "sha256:abc org.x:y:1 y.jar\n");

        assertThatThrownBy(() -> fixture.archive(temp.resolve("src.zip")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("deps.lock line 6");
    }

    private String build(Fixture fixture, String name) throws Exception {
        Path archive = fixture.archive(temp.resolve(name + ".zip"));
        return HermeticBuild.rebuild(archive, fixture.store(), temp.resolve(name)).artifactDigest();
    }

    private static String text(ZipFile zip, String name) throws IOException {
        try (var in = zip.getInputStream(zip.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

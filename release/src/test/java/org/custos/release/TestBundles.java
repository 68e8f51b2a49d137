package org.custos.release;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.custos.release.build.BuildFailedException;
import org.custos.release.build.DependencyStore;
import org.custos.release.build.HermeticBuild;
import org.custos.release.build.LockedDependency;
import org.custos.release.build.Recipe;
import org.custos.release.build.SourceArchive;

/**
 * Algorithm bundles for the tests, made the way an owner makes them: a project tree (recipe, lock file, sources
 * under {@code src}), its source archive written by the builder ({@link SourceArchive#create}), and the jar
 * rebuilt from it by the project's hermetic builder, so a genuine submission rebuilds to its own digest and a
 * doctored one does not. Locked jars live in a flat dependency store.
 */
final class TestBundles {
    static final String MAIN = "org.example.engine.Main";
    static final List<String> OPTIONS = List.of("-encoding", "UTF-8", "-proc:none", "-implicit:none", "-g");
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

    DependencyStore store() {
        return DependencyStore.directory(dependencies);
    }

    /**
     * Stores a small jar holding {@code content} as resource {@code org/example/lib/lib.txt} under Maven
     * coordinates {@code group:artifact:version}, and returns its lock line.
     */
    String dependency(String coordinates, byte[] content) throws IOException {
        String[] parts = coordinates.split(":");
        Path jar = dependencies.resolve(parts[1] + "-" + parts[2] + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry = new ZipEntry("org/example/lib/lib.txt");
            entry.setTimeLocal(LocalDateTime.of(2020, 1, 1, 0, 0));
            zip.putNextEntry(entry);
            zip.write(content);
            zip.closeEntry();
        }
        return new LockedDependency(coordinates, jar.getFileName().toString(), Sha256Digest.of(jar).hex()).lockLine();
    }

    static String recipe() {
        return new Recipe("example-engine", MAIN, 1, 25, List.of("src"), OPTIONS,
                Instant.parse("2026-01-01T00:00:00Z"), System.getProperty("java.runtime.version")).format();
    }

    /** The files of a project whose main class prints {@code greeting}; {@code lock} holds its lock lines. */
    static Map<String, String> sources(String greeting, String lock) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("BUILD.properties", recipe());
        files.put("deps.lock", "# deps.lock\n" + lock);
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

    /**
     * The source archive of {@code files}: written by the builder when they hold a recipe and a lock, else (to
     * test refusals) as a plain zip of exactly those files.
     */
    Path archive(Map<String, String> files) throws IOException {
        Path zip = directory.resolve("source-" + (++next) + ".zip");
        if (!files.containsKey("BUILD.properties") || !files.containsKey("deps.lock")) {
            return plainZip(zip, files);
        }
        Path project = Files.createDirectories(directory.resolve("project-" + next));
        for (var file : files.entrySet()) {
            String name = file.getKey().equals("BUILD.properties") || file.getKey().equals("deps.lock")
                    ? "bundle/" + file.getKey() : file.getKey();
            Path target = project.resolve(name);
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        return SourceArchive.create(project, project.resolve("bundle/BUILD.properties"),
                project.resolve("bundle/deps.lock"), zip);
    }

    static Path plainZip(Path zip, Map<String, String> files) throws IOException {
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

    /** Builds the jar of {@code source} as the owner does, with the same builder the custodian runs. */
    Path build(Path source) throws IOException {
        Path work = Files.createTempDirectory(directory, "build-");
        try {
            Path built = HermeticBuild.rebuild(source, store(), work.resolve("out")).artifact();
            Path jar = directory.resolve("bundle-" + (++next) + ".jar");
            Files.copy(built, jar);
            return jar;
        } catch (BuildFailedException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    Bundle bundle(String greeting) throws IOException {
        Path source = archive(sources(greeting, ""));
        return new Bundle(build(source), source);
    }
}

package org.custos.benchmarks.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.custos.release.build.BuildFailedException;
import org.custos.release.build.BuildOutcome;
import org.custos.release.build.DependencyStore;
import org.custos.release.build.HermeticBuild;
import org.custos.release.build.SourceArchive;

/**
 * The algorithm bundles the benchmark runs: the project's For You engine as {@code recsys-bundle} built it, and
 * {@link ConstantAlgorithm} built here from its source file through the same hermetic builder as every release
 * (so the server's gate can admit it). Paths are relative to the repository's root, where the benchmark runs.
 */
final class Bundles {

    record Bundle(Path artifact, Path source, String mainClass) {
    }

    private Bundles() {
    }

    static Bundle forYou(Path root) throws IOException {
        Path dir = root.resolve("recsys-bundle/target");
        Path artifact = dir.resolve("custos-foryou-engine.jar");
        Path source = dir.resolve("custos-foryou-engine-src.zip");
        if (!Files.isRegularFile(artifact) || !Files.isRegularFile(source)) {
            throw new IOException("no For You bundle in " + dir + ": run `mvn -B -q install -DskipTests` at the"
                    + " repository's root first");
        }
        return new Bundle(artifact, source, mainClass(artifact));
    }

    static Bundle constant(Path root, Path work) throws IOException, BuildFailedException {
        Path contract = root.resolve("recsys-api/src/main/java");
        Path file = root.resolve("benchmarks/src/main/java/org/custos/benchmarks/engine/ConstantAlgorithm.java");
        if (!Files.isDirectory(contract) || !Files.isRegularFile(file)) {
            throw new IOException("run the benchmark from the repository's root (no " + file + ")");
        }
        Path project = Files.createDirectories(work.resolve("constant-project"));
        copyTree(contract, project.resolve("recsys-api/src/main/java"));
        Path target = project.resolve("constant/src/org/custos/benchmarks/engine/ConstantAlgorithm.java");
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
        Path recipe = project.resolve(SourceArchive.RECIPE);
        Files.writeString(recipe, """
                bundle.name=constant
                bundle.main-class=org.custos.benchmarks.engine.ConstantAlgorithm
                bundle.protocol-version=1
                javac.release=25
                javac.options=-encoding UTF-8 -proc:none -implicit:none -g -parameters
                source.roots=recsys-api/src/main/java constant/src
                output.timestamp=2026-01-01T00:00:00Z
                jdk.expected=%s
                """.formatted(System.getProperty("java.runtime.version")));
        Path lock = project.resolve(SourceArchive.LOCK);
        Files.writeString(lock, "# no dependencies beyond the contract's sources\n");
        Path source = SourceArchive.create(project, recipe, lock, work.resolve("constant-src.zip"));
        BuildOutcome outcome = HermeticBuild.rebuild(source,
                DependencyStore.directory(Files.createDirectories(work.resolve("constant-deps"))),
                work.resolve("constant-build"));
        return new Bundle(outcome.artifact(), source, mainClass(outcome.artifact()));
    }

    private static String mainClass(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                Files.createDirectories(t.getParent());
                Files.copy(f, t);
            }
        }
    }
}

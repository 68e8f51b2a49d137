package org.custos.server.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.custos.release.build.BuildOutcome;
import org.custos.release.build.DependencyStore;
import org.custos.release.build.HermeticBuild;
import org.custos.release.build.SourceArchive;

/**
 * Algorithm bundles for the tests: the project's own For You engine as the build left it, and bundles built here
 * from test sources (with the contract's sources from the repository) through the same hermetic builder as every
 * release, so that they can be submitted, reviewed, admitted and run like the owner's.
 */
final class EngineBundles {
    /** The repository's root (the server module runs its tests in {@code <root>/server}). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    record Bundle(Path artifact, Path source) {
    }

    private EngineBundles() {
    }

    /** The project's For You engine, built by {@code recsys-bundle} and copied here by the server's build. */
    static Bundle forYou() {
        Path dir = Path.of("target", "engine").toAbsolutePath();
        Bundle bundle = new Bundle(dir.resolve("custos-foryou-engine.jar"), dir.resolve("custos-foryou-engine-src.zip"));
        if (!Files.isRegularFile(bundle.artifact()) || !Files.isRegularFile(bundle.source())) {
            throw new IllegalStateException("the For You engine's bundle is not in " + dir + ": build the server module"
                    + " with Maven (it copies the bundle from recsys-bundle)");
        }
        return bundle;
    }

    /**
     * Builds a bundle from a test resource tree under {@code hostile/} or similar: {@code sources} is the resource
     * folder, {@code mainClass} its entry point, and each placeholder {@code %KEY%} in the sources is replaced.
     */
    static Bundle build(Path work, String name, String sources, String mainClass, Map<String, String> placeholders)
            throws Exception {
        Path root = Files.createDirectories(work.resolve(name + "-project"));
        copyTree(ROOT.resolve("recsys-api/src/main/java"), root.resolve("recsys-api/src/main/java"), Map.of());
        Path resource = Path.of(EngineBundles.class.getResource("/" + sources).toURI());
        copyTree(resource, root.resolve(name + "/src"), placeholders);
        Path recipe = root.resolve("BUILD.properties");
        Files.writeString(recipe, """
                bundle.name=%s
                bundle.main-class=%s
                bundle.protocol-version=1
                javac.release=25
                javac.options=-encoding UTF-8 -proc:none -implicit:none -g -parameters
                source.roots=recsys-api/src/main/java %s/src
                output.timestamp=2026-01-01T00:00:00Z
                jdk.expected=%s
                """.formatted(name, mainClass, name, System.getProperty("java.runtime.version")));
        Path lock = root.resolve("deps.lock");
        Files.writeString(lock, "# no dependencies beyond the contract's sources\n");
        Path source = SourceArchive.create(root, recipe, lock, work.resolve(name + "-src.zip"));
        BuildOutcome outcome = HermeticBuild.rebuild(source, DependencyStore.directory(Files.createDirectories(
                work.resolve(name + "-deps"))), Files.createDirectories(work.resolve(name + "-build")));
        return new Bundle(outcome.artifact(), source);
    }

    private static void copyTree(Path from, Path to, Map<String, String> placeholders) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                if (placeholders.isEmpty()) {
                    Files.copy(file, target);
                } else {
                    String text;
                    try (InputStream in = Files.newInputStream(file)) {
                        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    for (Map.Entry<String, String> p : placeholders.entrySet()) {
                        text = text.replace("%" + p.getKey() + "%", p.getValue());
                    }
                    Files.writeString(target, text);
                }
            }
        }
    }
}

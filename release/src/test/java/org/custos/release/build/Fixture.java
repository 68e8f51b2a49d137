package org.custos.release.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A small project on disk for the builder's tests: two source roots, a recipe, a lock and a directory of
 * dependency jars that the tests compile themselves (real javac, real jars).
 */
final class Fixture {

    static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");
    static final String RUNTIME = System.getProperty("java.runtime.version");
    static final List<String> ROOTS = List.of("api/src/main/java", "app/src/main/java");
    static final List<String> OPTIONS = List.of("-encoding", "UTF-8", "-proc:none", "-implicit:none", "-g");

    static final String MAIN = """
            package demo;

            import java.util.ServiceLoader;
            import org.example.greeter.Greeter;
            import org.example.greeter.Voice;

            public final class Main {
                public static void main(String[] args) {
                    System.out.println(Greeter.greet(demo.api.Names.world()));
                    for (Voice voice : ServiceLoader.load(Voice.class)) {
                        System.out.println(voice.name());
                    }
                }
            }
            """;
    static final String NAMES = """
            package demo.api;

            public final class Names {
                public static String world() {
                    return "world";
                }
            }
            """;

    final Path root;
    final Path deps;
    final Path recipeFile;
    final Path lockFile;
    final List<LockedDependency> lock = new ArrayList<>();

    Fixture(Path base) throws IOException {
        this.root = base.resolve("project");
        this.deps = base.resolve("deps");
        this.recipeFile = root.resolve("bundle/BUILD.properties");
        this.lockFile = root.resolve("bundle/deps.lock");
        Files.createDirectories(deps);
        Files.createDirectories(recipeFile.getParent());
    }

    /** The greeter project: a main class in one root, the class it calls in the other, two locked jars with a service. */
    static Fixture greeter(Path base) throws IOException {
        Fixture fixture = new Fixture(base);
        fixture.source("app/src/main/java/demo/Main.java", MAIN);
        fixture.source("api/src/main/java/demo/api/Names.java", NAMES);
        fixture.source("app/src/test/java/demo/MainTest.java", "class MainTest {}\n");
        fixture.source("README.md", "not a source\n");
        Path greeter = fixture.deps.resolve("greeter-1.0.jar");
        Files.write(greeter, greeterJar("hello"));
        Path voices = fixture.deps.resolve("voices-1.0.jar");
        Files.write(voices, jar(Map.of("org/example/voices/QuietVoice.java", """
                package org.example.voices;
                public final class QuietVoice implements org.example.greeter.Voice {
                    public String name() { return "quiet"; }
                }
                """), Map.of("META-INF/services/org.example.greeter.Voice",
                        "org.example.voices.QuietVoice\n# the loud one again\norg.example.greeter.LoudVoice\n",
                        "LICENSE", "voices licence\n"), List.of(greeter)));
        fixture.lock.add(locked("org.example:greeter:1.0", greeter));
        fixture.lock.add(locked("org.example:voices:1.0", voices));
        fixture.recipe(recipe("demo.Main", TIME));
        fixture.writeLock();
        return fixture;
    }

    static byte[] greeterJar(String greeting) {
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put("META-INF/services/org.example.greeter.Voice", "# providers\norg.example.greeter.LoudVoice\n");
        resources.put("META-INF/LICENSE.txt", "greeter licence\n");
        resources.put("META-INF/NOTICE", "greeter notice\n");
        resources.put("META-INF/GREETER.SF", "Signature-Version: 1.0\n");
        resources.put("META-INF/INDEX.LIST", "JarIndex-Version: 1.0\n");
        resources.put("module-info.class", "not really a module descriptor");
        resources.put("org/example/greeter/words.txt", "hello\n");
        return jar(Map.of(
                "org/example/greeter/Greeter.java", """
                        package org.example.greeter;
                        public final class Greeter {
                            public static String greet(String who) { return "%s, " + who; }
                        }
                        """.formatted(greeting),
                "org/example/greeter/Voice.java", """
                        package org.example.greeter;
                        public interface Voice { String name(); }
                        """,
                "org/example/greeter/LoudVoice.java", """
                        package org.example.greeter;
                        public final class LoudVoice implements Voice {
                            public String name() { return "loud"; }
                        }
                        """), resources, List.of());
    }

    static Recipe recipe(String mainClass, Instant time) {
        return new Recipe("demo-bundle", mainClass, 1, 25, ROOTS, OPTIONS, time, RUNTIME);
    }

    Fixture source(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    Fixture recipe(Recipe recipe) throws IOException {
        Files.writeString(recipeFile, recipe.format());
        return this;
    }

    Fixture writeLock() throws IOException {
        Files.writeString(lockFile, LockFile.format(lock));
        return this;
    }

    Path archive(Path output) throws IOException {
        return SourceArchive.create(root, recipeFile, lockFile, output);
    }

    DependencyStore store() {
        return DependencyStore.directory(deps);
    }

    static LockedDependency locked(String coordinates, Path jar) throws IOException {
        return new LockedDependency(coordinates, jar.getFileName().toString(),
                Digests.sha256Hex(Files.readAllBytes(jar)));
    }

    /** The lucene-core jar of the Maven repository the tests run from (a test dependency of this module). */
    static Path luceneJar() {
        try {
            return Path.of(org.apache.lucene.util.Version.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code sources} (path to text) with javac and returns a jar of the classes and resources. */
    static byte[] jar(Map<String, String> sources, Map<String, String> resources, List<Path> classPath) {
        try {
            Path work = Files.createTempDirectory("fixture-jar");
            List<Path> files = new ArrayList<>();
            for (var source : sources.entrySet()) {
                Path file = work.resolve("src").resolve(source.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                files.add(file);
            }
            Path classes = work.resolve("classes");
            Files.createDirectories(classes);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            List<String> arguments = new ArrayList<>(List.of("--release", "25", "-proc:none", "-d", classes.toString(),
                    "-cp", String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList())));
            files.forEach(f -> arguments.add(f.toString()));
            if (javac.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("fixture sources do not compile");
            }
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
            manifest.getMainAttributes().putValue("Created-By", "a fixture");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(bytes, manifest); Stream<Path> walk = Files.walk(classes)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(file).toString()));
                    out.write(Files.readAllBytes(file));
                    out.closeEntry();
                }
                for (var resource : resources.entrySet()) {
                    out.putNextEntry(new JarEntry(resource.getKey()));
                    out.write(resource.getValue().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of a jar, by name, in its order. */
    static Map<String, byte[]> entries(byte[] jar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(jar))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.put(entry.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    /** A jar of {@code entries} under a manifest with {@code attributes}. */
    static byte[] jarOf(Map<String, String> attributes, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        attributes.forEach(manifest.getMainAttributes()::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (var entry : entries.entrySet()) {
                if (!entry.getKey().equals("META-INF/MANIFEST.MF")) {
                    out.putNextEntry(new JarEntry(entry.getKey()));
                    out.write(entry.getValue());
                    out.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }

    /** Runs {@code java -cp jar mainClass} in a child JVM and returns its standard output. */
    static String run(Path jar, String mainClass) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", jar.toString(), mainClass)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the bundle did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the bundle exited with " + process.exitValue() + ": " + out);
        }
        return out;
    }
}

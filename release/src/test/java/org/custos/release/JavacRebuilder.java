package org.custos.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A small real builder for the gate's tests: unpacks a source archive, checks every locked dependency against a
 * directory of blobs named by their digest, compiles {@code src/**.java} with the JDK's compiler and writes a jar
 * with sorted entries and fixed times, so the same archive always gives the same bytes. Test bundles are built with
 * it too, so a genuine submission rebuilds to its own digest and a doctored one does not.
 *
 * <p>Recipe ({@code BUILD.properties}): {@code main.class}, {@code bundle.name}, {@code protocol.version}. Lock
 * ({@code deps.lock}): lines {@code <name> <uri> sha256:<hex>}, {@code #} comments.
 */
final class JavacRebuilder implements Rebuilder {
    static final String BUILD_TYPE = "https://custos.dev/release/test-javac-build/v1";
    private static final LocalDateTime FIXED = LocalDateTime.of(2020, 1, 1, 0, 0);

    private final Path dependencies;

    JavacRebuilder(Path dependencies) {
        this.dependencies = dependencies;
    }

    @Override
    public String builderId() {
        return "https://custos.dev/release/test-javac-builder";
    }

    @Override
    public String buildType() {
        return BUILD_TYPE;
    }

    @Override
    public Outcome rebuild(Path sourceArchive, Path workDir) throws RebuildFailedException, IOException {
        Instant started = Instant.now();
        Path src = workDir.resolve("src");
        unzip(sourceArchive, src);
        Properties recipe = new Properties();
        try (InputStream in = Files.newInputStream(src.resolve("BUILD.properties"))) {
            recipe.load(in);
        }
        List<LockedDependency> locked = new ArrayList<>();
        for (String line : Files.readAllLines(src.resolve("deps.lock"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 3) {
                throw new RebuildFailedException("deps.lock line is not '<name> <uri> sha256:<hex>': " + line, null);
            }
            Sha256Digest digest = Sha256Digest.parse(parts[2]);
            Path file = dependencies.resolve(digest.hex());
            if (!Files.exists(file) || !Sha256Digest.of(file).equals(digest)) {
                throw new RebuildFailedException("locked dependency " + parts[0] + " (" + digest + ") is not in the "
                        + "dependency store", null);
            }
            locked.add(new LockedDependency(parts[0], parts[1], digest));
        }
        Path classes = workDir.resolve("classes");
        Files.createDirectories(classes);
        List<String> sources;
        try (Stream<Path> files = Files.walk(src.resolve("src"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--release", "25", "-encoding", "UTF-8", "-nowarn", "-d",
                classes.toString()));
        boolean ok;
        try (var files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            ok = javac.getTask(errors, files, null, args, null, files.getJavaFileObjectsFromStrings(sources)).call();
        }
        if (!ok) {
            throw new RebuildFailedException("the sources do not compile: " + errors.toString().lines().findFirst()
                    .orElse(""), null);
        }
        Path jar = workDir.resolve("bundle.jar");
        writeJar(classes, jar, recipe);
        SortedMap<String, String> recipeMap = new TreeMap<>();
        recipe.stringPropertyNames().forEach(k -> recipeMap.put(k, recipe.getProperty(k)));
        return new Outcome(jar, Sha256Digest.of(jar), Sha256Digest.of(sourceArchive), recipeMap, locked,
                Runtime.version().toString(), started, Instant.now());
    }

    @Override
    public Difference compare(Path expected, Path actual) throws IOException {
        return JarEntries.compare(expected, actual);
    }

    static void writeJar(Path classes, Path jar, Properties recipe) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, recipe.getProperty("main.class"));
        main.putValue(BundleManifest.PROTOCOL_VERSION, recipe.getProperty("protocol.version", "1"));
        main.putValue(BundleManifest.BUNDLE_NAME, recipe.getProperty("bundle.name"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            JarEntry manifestEntry = new JarEntry("META-INF/MANIFEST.MF");
            manifestEntry.setTimeLocal(FIXED);
            zip.putNextEntry(manifestEntry);
            manifest.write(zip);
            zip.closeEntry();
            for (Path file : files) {
                JarEntry entry = new JarEntry(classes.relativize(file).toString().replace('\\', '/'));
                entry.setTimeLocal(FIXED);
                zip.putNextEntry(entry);
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        }
    }

    private static void unzip(Path archive, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the archive root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target);
                }
            }
        }
    }

    static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}

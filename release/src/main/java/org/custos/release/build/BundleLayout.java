package org.custos.release.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The bundle jar's contents and their order.
 *
 * <ul>
 *   <li>{@code META-INF/MANIFEST.MF} first (a {@link java.util.jar.JarInputStream} finds the manifest only
 *       there), then every other entry sorted by name, all through {@link DeterministicZip}.</li>
 *   <li>The manifest is written byte by byte here, not by {@link Manifest}, so that its attribute order and line
 *       wrapping are fixed: {@code Manifest-Version}, {@code Main-Class}, {@code Custos-Protocol-Version},
 *       {@code Custos-Bundle-Name}, {@code Multi-Release} when needed, {@code Created-By} and nothing about
 *       the host or the JDK.</li>
 *   <li>The compiled classes, then each locked jar flattened in: its {@code module-info.class}, manifest,
 *       {@code INDEX.LIST} and signature files dropped (the bundle runs on the class path, unsigned; a stale
 *       index would hide classes), its licence and notice files (at its root or in {@code META-INF/}) kept under
 *       {@code META-INF/licenses/<artifact>/}, its {@code META-INF/services/} files merged into one file per
 *       service of sorted unique provider lines. A multi-release jar's versioned classes are kept (and the
 *       bundle's manifest then says {@code Multi-Release: true}); a plain jar's inert ones are dropped. Any
 *       other name that two inputs share fails the build.</li>
 *   <li>{@code META-INF/custos/BUILD.properties} and {@code META-INF/custos/deps.lock}, the archive's own bytes,
 *       so that the bundle says how it was made.</li>
 * </ul>
 */
final class BundleLayout {

    static final String MANIFEST = "META-INF/MANIFEST.MF";
    static final String CREATED_BY = "Custos HermeticBuild 1";
    static final String RECIPE_ENTRY = "META-INF/custos/" + SourceArchive.RECIPE;
    static final String LOCK_ENTRY = "META-INF/custos/" + SourceArchive.LOCK;

    private static final String SERVICES = "META-INF/services/";
    private static final String VERSIONS = "META-INF/versions/";
    private static final Pattern LEGAL = Pattern.compile("(?i)(?!.*\\.class$).*(LICENSE|NOTICE).*");
    private static final Pattern SIGNATURE = Pattern.compile("(?i)META-INF/([^/]+\\.(SF|RSA|DSA|EC)|SIG-[^/]+)");
    private static final long MAX_ENTRY_BYTES = 256L * 1024 * 1024;

    private final Recipe recipe;
    private final SortedMap<String, byte[]> entries = new TreeMap<>();
    private final Map<String, String> origins = new HashMap<>();
    private final SortedMap<String, SortedSet<String>> services = new TreeMap<>();
    private boolean multiRelease;

    BundleLayout(Recipe recipe) {
        this.recipe = recipe;
    }

    void addCompiled(SortedMap<String, byte[]> classes) throws BuildFailedException {
        for (var entry : classes.entrySet()) {
            if (entry.getKey().equals("module-info.class")) {
                throw new BuildFailedException(BuildFailedException.Reason.COMPILATION_FAILED,
                        "the sources declare a module (module-info.java); a bundle runs on the class path,"
                                + " so remove it from the source roots");
            }
            put(entry.getKey(), entry.getValue(), "the compiled sources");
        }
    }

    void addDependency(LockedDependency dependency, Path jar) throws BuildFailedException {
        String origin = dependency.coordinates();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            boolean versioned = isMultiRelease(zip);
            multiRelease |= versioned;
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (!EntryNames.safe(name)) {
                    throw new BuildFailedException(BuildFailedException.Reason.DEPENDENCY_UNSUPPORTED,
                            origin + " holds an entry with an unsafe name '" + Text.shorten(name) + "'");
                }
                if (name.startsWith(VERSIONS)) {
                    // A plain jar's versioned entries are inert; flattened into a multi-release bundle they would
                    // come alive, so only a multi-release jar's are kept (under the same names, still versioned).
                    if (!versioned || name.endsWith("/module-info.class")) {
                        continue;
                    }
                    put(name, read(zip, entry, origin), origin);
                    continue;
                }
                String upper = name.toUpperCase(Locale.ROOT);
                if (name.equals("module-info.class") || upper.equals(MANIFEST) || upper.equals("META-INF/INDEX.LIST")
                        || SIGNATURE.matcher(name).matches()) {
                    continue;
                }
                byte[] content = read(zip, entry, origin);
                String directory = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                String base = name.substring(directory.length());
                if ((directory.isEmpty() || directory.equals("META-INF/")) && LEGAL.matcher(base).matches()) {
                    put("META-INF/licenses/" + dependency.artifactId() + "/" + base, content, origin);
                } else if (directory.equals(SERVICES)) {
                    services.computeIfAbsent(name, n -> new TreeSet<>()).addAll(providers(content));
                } else if (name.startsWith("META-INF/custos/")) {
                    throw new BuildFailedException(BuildFailedException.Reason.DUPLICATE_ENTRY,
                            origin + " holds " + name + ", a name the builder reserves for the bundle's recipe");
                } else {
                    put(name, content, origin);
                }
            }
        } catch (IOException e) {
            throw new BuildFailedException(BuildFailedException.Reason.DEPENDENCY_UNSUPPORTED,
                    origin + " (" + dependency.fileName() + ") is not a readable jar: " + e.getMessage(), e);
        }
    }

    /** The bundle's bytes, after checking that the main class is in it. */
    byte[] toBytes(byte[] recipeBytes, byte[] lockBytes) throws BuildFailedException, IOException {
        if (!entries.containsKey(recipe.mainClassEntry())) {
            throw new BuildFailedException(BuildFailedException.Reason.MAIN_CLASS_MISSING,
                    "bundle.main-class " + recipe.mainClass() + " names no class in the bundle (no "
                            + recipe.mainClassEntry() + "); add it to a source root or fix BUILD.properties");
        }
        SortedMap<String, byte[]> all = new TreeMap<>(entries);
        for (var service : services.entrySet()) {
            String text = service.getValue().isEmpty() ? "" : String.join("\n", service.getValue()) + "\n";
            all.put(service.getKey(), text.getBytes(StandardCharsets.UTF_8));
        }
        all.put(RECIPE_ENTRY, recipeBytes);
        all.put(LOCK_ENTRY, lockBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeterministicZip zip = new DeterministicZip(out, recipe.outputTimestamp())) {
            zip.add(MANIFEST, manifest(recipe, multiRelease));
            for (var entry : all.entrySet()) {
                zip.add(entry.getKey(), entry.getValue());
            }
        }
        return out.toByteArray();
    }

    static byte[] manifest(Recipe recipe, boolean multiRelease) {
        StringBuilder out = new StringBuilder();
        attribute(out, "Manifest-Version", "1.0");
        attribute(out, "Main-Class", recipe.mainClass());
        attribute(out, "Custos-Protocol-Version", Integer.toString(recipe.protocolVersion()));
        attribute(out, "Custos-Bundle-Name", recipe.bundleName());
        if (multiRelease) {
            attribute(out, "Multi-Release", "true");
        }
        attribute(out, "Created-By", CREATED_BY);
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One manifest line, wrapped at 72 bytes with continuation lines that start with a space (JAR spec). */
    private static void attribute(StringBuilder out, String name, String value) {
        byte[] line = (name + ": " + value).getBytes(StandardCharsets.UTF_8);
        // Names and values here are ASCII (the recipe's patterns allow nothing else), so bytes are characters.
        String text = new String(line, StandardCharsets.US_ASCII);
        out.append(text, 0, Math.min(72, text.length())).append("\r\n");
        for (int at = 72; at < text.length(); at += 71) {
            out.append(' ').append(text, at, Math.min(at + 71, text.length())).append("\r\n");
        }
    }

    private static boolean isMultiRelease(ZipFile zip) throws IOException {
        ZipEntry manifest = zip.getEntry(JarFile.MANIFEST_NAME);
        if (manifest == null) {
            return false;
        }
        try (InputStream in = zip.getInputStream(manifest)) {
            return "true".equalsIgnoreCase(new Manifest(in).getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE));
        }
    }

    private void put(String name, byte[] content, String origin) throws BuildFailedException {
        String earlier = origins.putIfAbsent(name, origin);
        if (earlier != null) {
            throw new BuildFailedException(BuildFailedException.Reason.DUPLICATE_ENTRY,
                    name + " comes from both " + earlier + " and " + origin
                            + "; a bundle holds each class once, so drop one of them from the lock or the sources");
        }
        entries.put(name, content);
    }

    private static byte[] read(ZipFile zip, ZipEntry entry, String origin) throws IOException, BuildFailedException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] content = in.readNBytes((int) MAX_ENTRY_BYTES + 1);
            if (content.length > MAX_ENTRY_BYTES) {
                throw new BuildFailedException(BuildFailedException.Reason.DEPENDENCY_UNSUPPORTED,
                        origin + " holds " + entry.getName() + ", larger than " + MAX_ENTRY_BYTES + " bytes");
            }
            return content;
        }
    }

    /** Provider lines as {@link java.util.ServiceLoader} reads them: {@code #} comments and blanks dropped. */
    private static List<String> providers(byte[] content) {
        return new String(content, StandardCharsets.UTF_8).lines()
                .map(line -> line.indexOf('#') >= 0 ? line.substring(0, line.indexOf('#')) : line)
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }
}

package org.custos.release.build;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How a bundle is built: the parsed {@code BUILD.properties} of a source archive.
 *
 * <pre>
 * bundle.name=custos-foryou-engine
 * bundle.main-class=org.custos.recsys.EngineMain
 * bundle.protocol-version=1
 * javac.release=25
 * javac.options=-encoding UTF-8 -proc:none -implicit:none --add-modules jdk.incubator.vector -g
 * source.roots=recsys-api/src/main/java recsys-engine/src/main/java
 * output.timestamp=2026-01-01T00:00:00Z
 * jdk.expected=25.0.3+9-LTS
 * </pre>
 *
 * <p>The file is UTF-8, one {@code key=value} per line, {@code #} comments, every key above exactly once and no
 * other; lists are separated by spaces. Backslash escapes and continuation lines are refused, so the format is a
 * strict subset of {@link java.util.Properties}: a Properties reader sees the same values.
 *
 * @param bundleName      lower-case label; the bundle is {@code <name>.jar}, its sources {@code <name>-src.zip}
 * @param mainClass       binary name of the class the host runs ({@code java -cp bundle.jar <main class>})
 * @param protocolVersion the version of the host protocol the bundle speaks, written into its manifest
 * @param javacRelease    the {@code --release} javac compiles for (the builder passes it; options may not)
 * @param sourceRoots     directories relative to the project root, {@code /}-separated, none inside another
 * @param javacOptions    javac options from a fixed allow-list, {@code -proc:none} required
 * @param outputTimestamp the time stamp of every zip entry: whole, even seconds (zip's DOS time has a two-second
 *                        resolution and would round anything else silently), from 1980 to 2099
 * @param jdkExpected     the {@code java.runtime.version} the recorded artifact was built with; a rebuild on
 *                        another JDK still runs, with a warning, since javac's output may change between builds
 */
public record Recipe(String bundleName, String mainClass, int protocolVersion, int javacRelease,
                     List<String> sourceRoots, List<String> javacOptions, Instant outputTimestamp,
                     String jdkExpected) {

    static final String NAME = "bundle.name";
    static final String MAIN_CLASS = "bundle.main-class";
    static final String PROTOCOL = "bundle.protocol-version";
    static final String RELEASE = "javac.release";
    static final String OPTIONS = "javac.options";
    static final String ROOTS = "source.roots";
    static final String TIMESTAMP = "output.timestamp";
    static final String JDK = "jdk.expected";
    private static final List<String> KEYS = List.of(NAME, MAIN_CLASS, PROTOCOL, RELEASE, OPTIONS, ROOTS,
            TIMESTAMP, JDK);

    private static final Pattern BUNDLE_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern BINARY_NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern ROOT_SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern RUNTIME_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}");
    private static final Instant EARLIEST = Instant.parse("1980-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2099-12-31T23:59:58Z");

    /** Options that change nothing the builder must control; each listed with whether it takes a value. */
    private static final Map<String, Boolean> ALLOWED_OPTIONS = Map.ofEntries(
            Map.entry("-encoding", true), Map.entry("--add-modules", true), Map.entry("--limit-modules", true),
            Map.entry("-proc:none", false), Map.entry("-implicit:none", false), Map.entry("-g", false),
            Map.entry("-g:none", false), Map.entry("-parameters", false), Map.entry("-Werror", false),
            Map.entry("-nowarn", false), Map.entry("-deprecation", false), Map.entry("--enable-preview", false));

    public Recipe {
        Objects.requireNonNull(bundleName, "bundleName");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(outputTimestamp, "outputTimestamp");
        Objects.requireNonNull(jdkExpected, "jdkExpected");
        sourceRoots = List.copyOf(sourceRoots);
        javacOptions = List.copyOf(javacOptions);
        if (!BUNDLE_NAME.matcher(bundleName).matches()) {
            throw new IllegalArgumentException(NAME + " must be lower-case letters, digits, '.' and '-' (at most 64),"
                    + " got '" + Text.shorten(bundleName) + "'");
        }
        if (!BINARY_NAME.matcher(mainClass).matches()) {
            throw new IllegalArgumentException(MAIN_CLASS + " must be a class's binary name such as"
                    + " org.example.Main, got '" + Text.shorten(mainClass) + "'");
        }
        if (protocolVersion < 1) {
            throw new IllegalArgumentException(PROTOCOL + " must be 1 or more, got " + protocolVersion);
        }
        if (javacRelease < 8) {
            throw new IllegalArgumentException(RELEASE + " must be 8 or more, got " + javacRelease);
        }
        checkRoots(sourceRoots);
        checkOptions(javacOptions);
        if (outputTimestamp.getNano() != 0 || outputTimestamp.getEpochSecond() % 2 != 0
                || outputTimestamp.isBefore(EARLIEST) || outputTimestamp.isAfter(LATEST)) {
            throw new IllegalArgumentException(TIMESTAMP + " must be whole, even seconds between " + EARLIEST
                    + " and " + LATEST + " (zip stores time in two-second steps), got " + outputTimestamp);
        }
        if (!RUNTIME_VERSION.matcher(jdkExpected).matches()) {
            throw new IllegalArgumentException(JDK + " must be a java.runtime.version such as 25.0.3+9-LTS, got '"
                    + Text.shorten(jdkExpected) + "'");
        }
    }

    /**
     * Parses {@code BUILD.properties}.
     *
     * @throws BuildFailedException ({@link BuildFailedException.Reason#RECIPE_MALFORMED}) naming the line or key
     */
    public static Recipe parse(String text) throws BuildFailedException {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                throw malformed("line " + (i + 1) + ": expected key=value, found '" + Text.shorten(trimmed) + "'");
            }
            if (trimmed.indexOf('\\') >= 0) {
                throw malformed("line " + (i + 1) + ": backslash escapes and continuation lines are not supported");
            }
            String key = trimmed.substring(0, equals).strip();
            if (!KEYS.contains(key)) {
                throw malformed("line " + (i + 1) + ": unknown key '" + Text.shorten(key) + "'; the keys are " + KEYS);
            }
            if (values.put(key, trimmed.substring(equals + 1).strip()) != null) {
                throw malformed("line " + (i + 1) + ": " + key + " is set twice");
            }
        }
        for (String key : KEYS) {
            if (!values.containsKey(key)) {
                throw malformed(key + " is missing; every recipe sets " + KEYS);
            }
        }
        try {
            return new Recipe(values.get(NAME), values.get(MAIN_CLASS), integer(values, PROTOCOL),
                    integer(values, RELEASE), words(values.get(ROOTS)), words(values.get(OPTIONS)),
                    instant(values.get(TIMESTAMP)), values.get(JDK));
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    /** This recipe as {@code BUILD.properties} text; {@link #parse} of it gives back an equal recipe. */
    public String format() {
        return "# BUILD.properties: how the bundle is built from its source archive (read by HermeticBuild).\n"
                + NAME + "=" + bundleName + "\n"
                + MAIN_CLASS + "=" + mainClass + "\n"
                + PROTOCOL + "=" + protocolVersion + "\n"
                + RELEASE + "=" + javacRelease + "\n"
                + OPTIONS + "=" + String.join(" ", javacOptions) + "\n"
                + ROOTS + "=" + String.join(" ", sourceRoots) + "\n"
                + TIMESTAMP + "=" + outputTimestamp + "\n"
                + JDK + "=" + jdkExpected + "\n";
    }

    /** The zip entry of the main class, e.g. {@code org/custos/recsys/EngineMain.class}. */
    public String mainClassEntry() {
        return mainClass.replace('.', '/') + ".class";
    }

    /** {@code <bundle name>.jar}. */
    public String jarName() {
        return bundleName + ".jar";
    }

    /** {@code <bundle name>-src.zip}. */
    public String sourceArchiveName() {
        return bundleName + "-src.zip";
    }

    /** Whether {@code entry} (a {@code /}-separated archive path) lies under one of the source roots. */
    boolean inSourceRoots(String entry) {
        return sourceRoots.stream().anyMatch(root -> entry.startsWith(root + "/"));
    }

    private static void checkRoots(List<String> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException(ROOTS + " must name at least one directory");
        }
        Set<String> seen = new HashSet<>();
        for (String root : roots) {
            for (String segment : root.split("/", -1)) {
                if (!ROOT_SEGMENT.matcher(segment).matches()) {
                    throw new IllegalArgumentException(ROOTS + ": '" + Text.shorten(root) + "' must be a relative"
                            + " path of plain names separated by '/' (no '.', '..', empty or absolute parts)");
                }
            }
            if (!seen.add(root)) {
                throw new IllegalArgumentException(ROOTS + ": '" + root + "' is listed twice");
            }
        }
        for (String root : roots) {
            for (String other : roots) {
                if (!root.equals(other) && other.startsWith(root + "/")) {
                    throw new IllegalArgumentException(ROOTS + ": '" + other + "' lies inside '" + root
                            + "'; list each directory once");
                }
            }
        }
    }

    private static void checkOptions(List<String> options) {
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            Boolean takesValue = ALLOWED_OPTIONS.get(option);
            if (takesValue == null && !option.startsWith("-Xlint") && !option.startsWith("-g:")) {
                throw new IllegalArgumentException(OPTIONS + ": '" + Text.shorten(option) + "' is not allowed; the"
                        + " builder sets --release, the class path, the source path and the output itself, and"
                        + " accepts only " + new TreeSet<>(ALLOWED_OPTIONS.keySet()) + ", -g:..., -Xlint...");
            }
            if (Boolean.TRUE.equals(takesValue)) {
                if (i + 1 == options.size() || options.get(i + 1).startsWith("-")) {
                    throw new IllegalArgumentException(OPTIONS + ": " + option + " needs a value");
                }
                i++;
            }
        }
        // Annotation processors would be found on the class path, that is, in a dependency's jar: code of a
        // dependency running inside the builder, with its file system, before anything was reviewed.
        if (!options.contains("-proc:none")) {
            throw new IllegalArgumentException(OPTIONS + " must contain -proc:none (annotation processors would run"
                    + " code from the dependencies inside the builder)");
        }
    }

    private static int integer(Map<String, String> values, String key) {
        try {
            return Integer.parseInt(values.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '"
                    + Text.shorten(values.get(key)) + "'", e);
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(TIMESTAMP + " must be an ISO-8601 instant such as"
                    + " 2026-01-01T00:00:00Z, got '" + Text.shorten(value) + "'", e);
        }
    }

    private static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        for (String word : value.split("[ \t]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    private static BuildFailedException malformed(String problem) {
        return new BuildFailedException(BuildFailedException.Reason.RECIPE_MALFORMED, "BUILD.properties: " + problem);
    }
}

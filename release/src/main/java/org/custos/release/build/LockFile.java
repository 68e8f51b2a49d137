package org.custos.release.build;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The format of {@code deps.lock}: every jar a bundle is compiled against and flattened with, pinned by SHA-256.
 *
 * <pre>
 * # deps.lock: the pinned dependencies of a Custos bundle, in class-path order.
 * sha256:&lt;64 lower-case hex&gt; &lt;group&gt;:&lt;artifact&gt;:&lt;version&gt; &lt;file name&gt;.jar
 * </pre>
 *
 * <p>UTF-8 text, one dependency per line, the three fields separated by spaces or tabs. Blank lines and lines
 * whose first non-blank character is {@code #} are ignored; a comment may not follow a dependency on its line.
 * A {@code \r} before a line break is tolerated. The order of the lines is the compiler's class-path order. No
 * coordinates and no file name may appear twice. A file with no dependency line locks "no dependencies".
 */
public final class LockFile {

    /** What a dependency line looks like, quoted in every parse error. */
    static final String LINE_SHAPE = "sha256:<64 lower-case hex> <group>:<artifact>:<version> <file>.jar";

    private static final String HEADER = """
            # deps.lock: the pinned dependencies of a Custos bundle, in class-path order.
            # One jar per line: sha256:<64 lower-case hex> <group>:<artifact>:<version> <file name>
            # The builder refuses a jar whose bytes do not hash to its line and reads nothing that is not here.
            """;

    private LockFile() {
    }

    /**
     * Parses a lock file.
     *
     * @throws BuildFailedException ({@link BuildFailedException.Reason#LOCK_MALFORMED}) naming the line that is
     *                              malformed and what a line must look like
     */
    public static List<LockedDependency> parse(String text) throws BuildFailedException {
        List<LockedDependency> dependencies = new ArrayList<>();
        Map<String, Integer> coordinates = new HashMap<>();
        Map<String, Integer> files = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            LockedDependency dependency = parseLine(number, trimmed);
            Integer earlier = coordinates.putIfAbsent(dependency.coordinates(), number);
            if (earlier != null) {
                throw malformed(number, dependency.coordinates() + " is already pinned on line " + earlier
                        + "; keep one line per dependency");
            }
            earlier = files.putIfAbsent(dependency.fileName(), number);
            if (earlier != null) {
                throw malformed(number, "file name " + dependency.fileName() + " is already used on line "
                        + earlier + "; every jar needs its own file name");
            }
            dependencies.add(dependency);
        }
        return List.copyOf(dependencies);
    }

    /** The lock file for {@code dependencies}, in their order, under a short header comment. */
    public static String format(List<LockedDependency> dependencies) {
        StringBuilder out = new StringBuilder(HEADER);
        for (LockedDependency dependency : dependencies) {
            out.append(dependency.lockLine()).append('\n');
        }
        return out.toString();
    }

    private static LockedDependency parseLine(int number, String line) throws BuildFailedException {
        String[] fields = line.split("[ \t]+");
        if (fields.length != 3) {
            throw malformed(number, "expected 3 fields, found " + fields.length + " in '" + Text.shorten(line) + "'");
        }
        if (!fields[0].startsWith("sha256:")) {
            throw malformed(number, "the first field must start with 'sha256:', found '"
                    + Text.shorten(fields[0]) + "'");
        }
        try {
            return new LockedDependency(fields[1], fields[2], fields[0].substring("sha256:".length()));
        } catch (IllegalArgumentException e) {
            throw malformed(number, e.getMessage());
        }
    }

    private static BuildFailedException malformed(int line, String problem) {
        return new BuildFailedException(BuildFailedException.Reason.LOCK_MALFORMED,
                "deps.lock line " + line + ": " + problem + "; a line must read " + LINE_SHAPE);
    }
}

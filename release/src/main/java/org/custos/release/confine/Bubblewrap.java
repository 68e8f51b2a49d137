package org.custos.release.confine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Finding {@code bwrap} and what its version offers. */
final class Bubblewrap {

    /** 0.5.0 brought {@code --clearenv}, which the sandbox relies on. */
    static final Version OLDEST = new Version(0, 5, 0);
    /** {@code --size} for tmpfs. */
    static final Version SIZE = new Version(0, 7, 0);
    /** {@code --disable-userns}. */
    static final Version DISABLE_USERNS = new Version(0, 8, 0);

    private static final Pattern VERSION = Pattern.compile("bubblewrap (\\d+)\\.(\\d+)\\.(\\d+)");

    record Version(int major, int minor, int patch) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            int c = Integer.compare(major, o.major);
            c = c != 0 ? c : Integer.compare(minor, o.minor);
            return c != 0 ? c : Integer.compare(patch, o.patch);
        }

        boolean atLeast(Version o) {
            return compareTo(o) >= 0;
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }

    private Bubblewrap() {}

    /** The first {@code bwrap} on {@code PATH}, else {@code /usr/bin/bwrap} (which may not exist). */
    static Path locate() {
        var path = System.getenv("PATH");
        if (path != null) {
            for (var dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                var candidate = Path.of(dir, "bwrap");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
            }
        }
        return Path.of("/usr/bin/bwrap");
    }

    static Optional<Version> parseVersion(String output) {
        var m = VERSION.matcher(output);
        return m.find()
                ? Optional.of(new Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))))
                : Optional.empty();
    }

    /** Runs {@code bwrap --version}; the reason when it cannot. */
    static Version version(Path bwrap) throws UnavailableException {
        if (!Files.isRegularFile(bwrap) || !Files.isExecutable(bwrap)) {
            throw new UnavailableException("no bubblewrap executable at " + bwrap);
        }
        try {
            var pb = new ProcessBuilder(bwrap.toString(), "--version").redirectErrorStream(true);
            pb.environment().clear();
            var p = pb.start();
            p.getOutputStream().close();
            var out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UnavailableException(bwrap + " --version did not answer within 10 s");
            }
            return parseVersion(out).orElseThrow(() -> new UnavailableException(
                    bwrap + " --version printed no 'bubblewrap X.Y.Z': " + LogText.sanitize(out, 120)));
        } catch (IOException e) {
            throw new UnavailableException("cannot run " + bwrap + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while asking " + bwrap + " for its version");
        }
    }

    /** Why something the sandbox needs is missing, in words for an operator. */
    static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message);
        }
    }
}

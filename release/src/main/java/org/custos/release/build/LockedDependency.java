package org.custos.release.build;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One jar the bundle is built against and flattened with, pinned by the SHA-256 of its bytes.
 *
 * @param coordinates {@code group:artifact:version}, as Maven spells them
 * @param fileName    the jar's plain file name (no directory), e.g. {@code lucene-core-10.3.2.jar}
 * @param sha256      64 lower-case hex digits
 */
public record LockedDependency(String coordinates, String fileName, String sha256) {

    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern ARTIFACT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*\\.jar");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public LockedDependency {
        Objects.requireNonNull(coordinates, "coordinates");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(sha256, "sha256");
        String[] parts = coordinates.split(":", -1);
        if (parts.length != 3 || !GROUP.matcher(parts[0]).matches() || !ARTIFACT.matcher(parts[1]).matches()
                || !VERSION.matcher(parts[2]).matches()) {
            throw new IllegalArgumentException("coordinates must be <group>:<artifact>:<version> (letters, digits,"
                    + " '.', '_', '-'), got '" + Text.shorten(coordinates) + "'");
        }
        if (!FILE.matcher(fileName).matches()) {
            throw new IllegalArgumentException("file name must be a plain *.jar name (letters, digits, '.', '_',"
                    + " '+', '-'), got '" + Text.shorten(fileName) + "'");
        }
        if (!HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got '"
                    + Text.shorten(sha256) + "'");
        }
    }

    public String groupId() {
        return coordinates.substring(0, coordinates.indexOf(':'));
    }

    public String artifactId() {
        return coordinates.substring(coordinates.indexOf(':') + 1, coordinates.lastIndexOf(':'));
    }

    public String version() {
        return coordinates.substring(coordinates.lastIndexOf(':') + 1);
    }

    /** {@code sha256:<hex>}. */
    public String digest() {
        return "sha256:" + sha256;
    }

    /** This dependency as one line of {@code deps.lock}, without the line break. */
    public String lockLine() {
        return digest() + " " + coordinates + " " + fileName;
    }
}

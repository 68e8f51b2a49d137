package org.custos.release.build;

/**
 * Which zip entry names the builder accepts from an archive or a dependency: relative, {@code /}-separated, no
 * empty, {@code .} or {@code ..} segment, no backslash and no control character. Anything else could write
 * outside the work directory when extracted, or mean different files on different systems.
 */
final class EntryNames {

    private EntryNames() {
    }

    static boolean safe(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0) {
            return false;
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}

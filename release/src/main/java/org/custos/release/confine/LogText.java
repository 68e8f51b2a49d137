package org.custos.release.confine;

/**
 * Text from the engine (its stderr, bubblewrap's complaints about it) made safe for the custodian's log: one line,
 * bounded, and nothing that a terminal or a log viewer would interpret. Control and format characters (including
 * CR, ESC and the bidirectional overrides) become {@code '?'}, so a line cannot end early, recolour a terminal or
 * pretend to be another logger's line.
 */
final class LogText {

    private LogText() {}

    static String sanitize(String text, int maxChars) {
        var sb = new StringBuilder(Math.min(text.length(), maxChars) + 1);
        int i = 0;
        while (i < text.length() && sb.length() < maxChars) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            boolean unsafe = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED;
            if (unsafe && cp != '\t') {
                sb.append('?');
            } else if (cp == '\t') {
                sb.append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        }
        if (i < text.length()) {
            sb.append('\u2026');
        }
        return sb.toString();
    }
}

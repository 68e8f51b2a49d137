package org.custos.app.videos;

/**
 * The character rule of free text (comments, captions): anything but control characters, line breaks apart. NUL
 * must go before the database sees it (PostgreSQL refuses it in text, which was a 500); the other controls go
 * because they can forge lines or terminal output where the text is shown. Tabs go with them, as for the other
 * multi-line field, the justification of an access request.
 */
final class FreeText {
    static final String RULE = "no control characters but line breaks";

    private FreeText() {
    }

    static boolean allowed(String text) {
        return text.codePoints().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r');
    }
}

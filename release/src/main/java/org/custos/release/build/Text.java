package org.custos.release.build;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Text handling shared by the builder's formats: strict UTF-8, and short, visible quotes in error messages. */
final class Text {

    private static final int LIMIT = 120;

    private Text() {
    }

    /** Decodes UTF-8, refusing malformed bytes instead of replacing them (a replaced byte would hide a change). */
    static String utf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    static String shorten(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(LIMIT).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > LIMIT ? out + "..." : out.toString();
    }
}

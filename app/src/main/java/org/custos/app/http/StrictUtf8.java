package org.custos.app.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * UTF-8 that refuses what is not: overlong forms (an overlong {@code /} would pass a check for {@code /} and decode
 * to one), encoded surrogates, truncated sequences. {@code new String(bytes, UTF_8)} and the JSON parser replace
 * them quietly, which stores text other than what was sent.
 */
public final class StrictUtf8 {

    private StrictUtf8() {
    }

    /** The text, or empty if the bytes are not well-formed UTF-8. */
    public static Optional<String> decode(byte[] bytes, int offset, int length) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whether the bytes begin with the UTF-8 byte order mark, which JSON text must not (RFC 8259, section 8.1). */
    static boolean startsWithByteOrderMark(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf;
    }
}

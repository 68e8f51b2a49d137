package org.custos.tlog.entry;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the fields {@link FieldWriter} wrote. Lenient about spelling only in ways the caller's re-encoding check
 * catches (an upper-case enumeration name), strict about structure.
 */
final class FieldReader {
    private final ByteBuffer in;

    FieldReader(ByteBuffer in) {
        this.in = in;
    }

    String text() throws MalformedEntryException {
        int length = in.getShort() & 0xffff;
        byte[] utf8 = new byte[length];
        in.get(utf8);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEntryException("entry field is not UTF-8", e);
        }
    }

    long number() throws MalformedEntryException {
        String text = text();
        if (!text.matches("0|-?[1-9][0-9]{0,18}")) {
            throw new MalformedEntryException("number field is not a canonical decimal");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedEntryException("number field is out of range", e);
        }
    }

    Instant millis() throws MalformedEntryException {
        return Instant.ofEpochMilli(number());
    }

    <E extends Enum<E>> E name(Class<E> type) throws MalformedEntryException {
        return Enum.valueOf(type, text().toUpperCase(Locale.ROOT));
    }

    List<String> list() throws MalformedEntryException {
        int count = in.getShort() & 0xffff;
        List<String> values = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            values.add(text());
        }
        return values;
    }

    List<Pseudonym> pseudonyms() throws MalformedEntryException {
        return list().stream().map(Pseudonym::new).toList();
    }
}

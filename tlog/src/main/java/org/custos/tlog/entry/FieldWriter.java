package org.custos.tlog.entry;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Writes an entry's header and its length-prefixed text fields (docs/log-entries.md, "Encoding"). */
final class FieldWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    private final int maxField;
    private final boolean emptyAllowed;

    private FieldWriter(int version, int kind, Instant time, int maxField, boolean emptyAllowed) {
        this.maxField = maxField;
        this.emptyAllowed = emptyAllowed;
        out.write(version);
        out.write(kind);
        out.writeBytes(ByteBuffer.allocate(8).putLong(time.toEpochMilli()).array());
    }

    /** Format 1: non-empty fields of at most 512 bytes. */
    static FieldWriter version1(int kind, Instant time) {
        return new FieldWriter(1, kind, time, 512, false);
    }

    /** Format 2: the header carries the event id; fields may be empty and up to 4096 bytes. */
    static FieldWriter version2(int kind, Instant time, long eventId) {
        FieldWriter writer = new FieldWriter(2, kind, time, EntryFields.MAX_TEXT_BYTES, true);
        writer.out.writeBytes(ByteBuffer.allocate(8).putLong(eventId).array());
        return writer;
    }

    FieldWriter text(String value) {
        return text(value, maxField);
    }

    /** A text field allowed beyond the format's usual limit (a release's statement); the entry's limit still holds. */
    FieldWriter longText(String value, int maxBytes) {
        return text(value, Math.max(maxBytes, maxField));
    }

    private FieldWriter text(String value, int maxBytes) {
        if ((!emptyAllowed && value.isEmpty()) || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    (emptyAllowed ? "" : "entry fields must be non-empty; ") + "no control characters in entry fields");
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > maxBytes) {
            throw new IllegalArgumentException("entry field longer than " + maxBytes + " bytes");
        }
        u16(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    FieldWriter number(long value) {
        return text(Long.toString(value));
    }

    FieldWriter name(Enum<?> value) {
        return text(value.name().toLowerCase(Locale.ROOT));
    }

    FieldWriter list(List<String> values) {
        if (values.size() > 0xffff) {
            throw new IllegalArgumentException("a list field holds at most 65535 items");
        }
        u16(values.size());
        values.forEach(this::text);
        return this;
    }

    private void u16(int value) {
        out.write(value >>> 8);
        out.write(value & 0xff);
    }

    byte[] bytes() {
        if (out.size() > 0xffff) {
            throw new IllegalArgumentException("entry of " + out.size() + " bytes exceeds the log's 65535");
        }
        return out.toByteArray();
    }
}

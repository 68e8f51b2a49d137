package org.custos.tlog.entry;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * The canonical, versioned byte encoding of {@link AuditEntry} (format version 1, docs/log-entries.md):
 *
 * <pre>
 * entry   = version:u8 (=1) kind:u8 time:i64 (epoch milliseconds, big-endian) field*
 * field   = length:u16 (big-endian) utf8-bytes      ; fields in the fixed order of the kind
 * </pre>
 *
 * Enumerations are written as their lower-case names and counts as decimal strings, so every field is text and a
 * decoder can show an entry of a kind it only partly understands. The encoding is a function of the value: decoding
 * accepts only bytes that re-encode identically (no trailing bytes, no alternative spellings).
 */
public final class AuditEntryCodec {

    /** The format version written by this codec. */
    public static final int VERSION = 1;
    private static final int MAX_FIELD = 512;

    private AuditEntryCodec() {}

    public static byte[] encode(AuditEntry entry) {
        Writer w = new Writer(kind(entry), entry.time());
        switch (entry) {
            case AuditEntry.Access a -> w.text(a.actor()).text(a.subject().value()).text(a.dataClass())
                    .text(a.purpose()).text(name(a.decision())).text(a.grantId());
            case AuditEntry.Flow f -> w.text(f.flowId()).text(f.destination()).text(f.dataClass())
                    .text(Long.toString(f.recordCount())).text(name(f.decision()));
            case AuditEntry.AccessRequest r -> w.text(r.requestId()).text(r.requester()).text(r.subject().value())
                    .text(r.dataClass()).text(r.purpose());
            case AuditEntry.Policy p -> w.text(p.policyId()).text(p.version()).text(name(p.action())).text(p.digest());
            case AuditEntry.Key k -> w.text(k.keyId()).text(name(k.action())).text(k.purpose());
            case AuditEntry.Release r -> w.text(r.releaseId()).text(r.artifactDigest()).text(r.approver());
        }
        return w.bytes();
    }

    /** Decodes canonical bytes; anything else is a {@link MalformedEntryException} naming the problem. */
    public static AuditEntry decode(byte[] bytes) throws MalformedEntryException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw new MalformedEntryException("unsupported entry format version " + version);
            }
            int kind = in.get() & 0xff;
            Instant time = Instant.ofEpochMilli(in.getLong());
            Reader r = new Reader(in);
            AuditEntry entry = switch (kind) {
                case 1 -> new AuditEntry.Access(time, r.text(), new Pseudonym(r.text()), r.text(), r.text(),
                        r.decision(), r.text());
                case 2 -> new AuditEntry.Flow(time, r.text(), r.text(), r.text(), r.count(), r.decision());
                case 3 -> new AuditEntry.AccessRequest(time, r.text(), r.text(), new Pseudonym(r.text()), r.text(),
                        r.text());
                case 4 -> new AuditEntry.Policy(time, r.text(), r.text(),
                        AuditEntry.PolicyAction.valueOf(r.text().toUpperCase(Locale.ROOT)), r.text());
                case 5 -> new AuditEntry.Key(time, r.text(), AuditEntry.KeyAction.valueOf(r.text().toUpperCase(Locale.ROOT)),
                        r.text());
                case 6 -> new AuditEntry.Release(time, r.text(), r.text(), r.text());
                default -> throw new MalformedEntryException("unknown entry kind " + kind);
            };
            if (in.hasRemaining()) {
                throw new MalformedEntryException(in.remaining() + " trailing bytes after the entry");
            }
            if (!java.util.Arrays.equals(encode(entry), bytes)) {
                throw new MalformedEntryException("entry is not in canonical form");
            }
            return entry;
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedEntryException("entry is truncated", e);
        } catch (IllegalArgumentException e) {
            throw new MalformedEntryException("entry field is invalid: " + e.getMessage(), e);
        }
    }

    /** A one-line, human-readable rendering for verifiers. */
    public static String describe(AuditEntry entry) {
        return entry.toString();
    }

    private static int kind(AuditEntry entry) {
        return switch (entry) {
            case AuditEntry.Access a -> 1;
            case AuditEntry.Flow f -> 2;
            case AuditEntry.AccessRequest r -> 3;
            case AuditEntry.Policy p -> 4;
            case AuditEntry.Key k -> 5;
            case AuditEntry.Release r -> 6;
        };
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

        Writer(int kind, Instant time) {
            out.write(VERSION);
            out.write(kind);
            out.writeBytes(ByteBuffer.allocate(8).putLong(time.toEpochMilli()).array());
        }

        Writer text(String value) {
            if (value.isEmpty() || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("entry fields must be non-empty text without control characters");
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > MAX_FIELD) {
                throw new IllegalArgumentException("entry field longer than " + MAX_FIELD + " bytes");
            }
            out.write(utf8.length >>> 8);
            out.write(utf8.length & 0xff);
            out.writeBytes(utf8);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static final class Reader {
        private final ByteBuffer in;

        Reader(ByteBuffer in) {
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

        AuditEntry.Decision decision() throws MalformedEntryException {
            return AuditEntry.Decision.valueOf(text().toUpperCase(Locale.ROOT));
        }

        long count() throws MalformedEntryException {
            String text = text();
            if (!text.matches("0|[1-9][0-9]{0,18}")) {
                throw new MalformedEntryException("record count is not a canonical decimal");
            }
            return Long.parseLong(text);
        }
    }
}

package org.custos.tlog.entry;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The canonical, versioned byte encoding of {@link AuditEntry} (docs/log-entries.md):
 *
 * <pre>
 * entry   = version:u8 kind:u8 time:i64 (epoch milliseconds, big-endian) [event:i64 (version 2)] field*
 * field   = length:u16 (big-endian) utf8-bytes      ; version 2 adds lists: count:u16 field*
 * </pre>
 *
 * Format 1 covers the kinds {@link AuditEntry.Access} to {@link AuditEntry.Release}; format 2 the
 * {@link AuditEntry.Relayed} kinds, one per vault audit event, each with its outbox position. Enumerations are
 * written as their lower-case names and numbers as decimal strings, so every field is text and a decoder can show
 * an entry of a kind it only partly understands. The encoding is a function of the value: decoding accepts only
 * bytes that re-encode identically (no trailing bytes, no alternative spellings).
 */
public final class AuditEntryCodec {

    /** The format version written for the vault's audit events ({@link AuditEntry.Relayed}). */
    public static final int VERSION = 2;

    private AuditEntryCodec() {}

    public static byte[] encode(AuditEntry entry) {
        return switch (entry) {
            case AuditEntry.Relayed relayed -> FormatTwo.encode(relayed);
            case AuditEntry.Access a -> FieldWriter.version1(1, a.time()).text(a.actor()).text(a.subject().value())
                    .text(a.dataClass()).text(a.purpose()).name(a.decision()).text(a.grantId()).bytes();
            case AuditEntry.Flow f -> FieldWriter.version1(2, f.time()).text(f.flowId()).text(f.destination())
                    .text(f.dataClass()).number(f.recordCount()).name(f.decision()).bytes();
            case AuditEntry.AccessRequest r -> FieldWriter.version1(3, r.time()).text(r.requestId())
                    .text(r.requester()).text(r.subject().value()).text(r.dataClass()).text(r.purpose()).bytes();
            case AuditEntry.Policy p -> FieldWriter.version1(4, p.time()).text(p.policyId()).text(p.version())
                    .name(p.action()).text(p.digest()).bytes();
            case AuditEntry.Key k -> FieldWriter.version1(5, k.time()).text(k.keyId()).name(k.action())
                    .text(k.purpose()).bytes();
            case AuditEntry.Release r -> FieldWriter.version1(6, r.time()).text(r.releaseId())
                    .text(r.artifactDigest()).text(r.approver()).bytes();
        };
    }

    /** Decodes canonical bytes of format 1 or 2; anything else is a {@link MalformedEntryException} saying why. */
    public static AuditEntry decode(byte[] bytes) throws MalformedEntryException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            int version = in.get() & 0xff;
            int kind = in.get() & 0xff;
            Instant time = Instant.ofEpochMilli(in.getLong());
            AuditEntry entry = switch (version) {
                case 1 -> decodeVersion1(kind, time, new FieldReader(in));
                case 2 -> FormatTwo.decode(kind, time, in);
                default -> throw new MalformedEntryException("unsupported entry format version " + version);
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
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedEntryException("entry field is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * A one-line, human-readable rendering for verifiers. A release's statement (up to 48 KiB of signed JSON) is
     * shown as its size and sha256, which is what a reader compares with the envelope they hold.
     */
    public static String describe(AuditEntry entry) {
        if (entry instanceof AuditEntry.ReleaseStep release && !release.statement().isEmpty()) {
            byte[] utf8 = release.statement().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String summary = "<" + utf8.length + " bytes, sha256:" + sha256Hex(utf8) + ">";
            String full = release.toString();
            // The statement is the record's last component, so its text ends the rendering: "statement=...]".
            return full.substring(0, full.length() - release.statement().length() - 1) + summary + "]";
        }
        return entry.toString();
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static AuditEntry decodeVersion1(int kind, Instant time, FieldReader r) throws MalformedEntryException {
        return switch (kind) {
            case 1 -> new AuditEntry.Access(time, r.text(), new Pseudonym(r.text()), r.text(), r.text(),
                    r.name(AuditEntry.Decision.class), r.text());
            case 2 -> new AuditEntry.Flow(time, r.text(), r.text(), r.text(), r.number(),
                    r.name(AuditEntry.Decision.class));
            case 3 -> new AuditEntry.AccessRequest(time, r.text(), r.text(), new Pseudonym(r.text()), r.text(),
                    r.text());
            case 4 -> new AuditEntry.Policy(time, r.text(), r.text(), r.name(AuditEntry.PolicyAction.class),
                    r.text());
            case 5 -> new AuditEntry.Key(time, r.text(), r.name(AuditEntry.KeyAction.class), r.text());
            case 6 -> new AuditEntry.Release(time, r.text(), r.text(), r.text());
            default -> throw new MalformedEntryException("unknown entry kind " + kind);
        };
    }
}

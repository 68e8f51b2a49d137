package org.custos.release;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.custos.vault.AuditEvent;

/**
 * A {@code release} entry of the transparency log (format 2, kind 7): step, release id, artifact digest, source
 * digest, actor, reason, commitment, statement (docs/log-entries.md). The gate reads the log like an outsider, so
 * it decodes entries from their bytes; entries of other kinds are not release entries.
 */
record LoggedRelease(long eventId, Instant time, String step, String releaseId, String artifactDigest,
                     String sourceDigest, String actor, String reason, String commitment, String statement) {
    static final int VERSION = 2;
    static final int KIND = 7;
    static final int ENGINE_KIND = 8;
    private static final int MAX_TEXT = 4096;
    private static final int MAX_STATEMENT = 49_152;

    boolean isApproval() {
        return step.equals("approved");
    }

    boolean isRevocation() {
        return step.equals("revoked");
    }

    /** The entry, when {@code bytes} are a canonical release entry; empty for any other kind or bytes. */
    static Optional<LoggedRelease> decode(byte[] bytes) {
        if (bytes.length < 18 || bytes[0] != VERSION || bytes[1] != KIND) {
            return Optional.empty();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.position(2);
            Instant time = Instant.ofEpochMilli(in.getLong());
            long eventId = in.getLong();
            String[] fields = new String[8];
            for (int i = 0; i < fields.length; i++) {
                int length = in.getShort() & 0xffff;
                byte[] text = new byte[length];
                in.get(text);
                fields[i] = new String(text, StandardCharsets.UTF_8);
            }
            if (in.hasRemaining()) {
                return Optional.empty();
            }
            LoggedRelease entry = new LoggedRelease(eventId, time, fields[0], fields[1], fields[2], fields[3],
                    fields[4], fields[5], fields[6], fields[7]);
            return java.util.Arrays.equals(entry.encode(), bytes) ? Optional.of(entry) : Optional.empty();
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The entry the log's relay writes for {@code event} at outbox position {@code eventId}. */
    static LoggedRelease of(long eventId, AuditEvent.ReleaseStep event) {
        return new LoggedRelease(eventId, Instant.ofEpochMilli(event.at().toEpochMilli()),
                event.step().name().toLowerCase(Locale.ROOT), event.releaseId(), event.artifactDigest(),
                event.sourceDigest(), event.actor().toString(), event.reason(), event.commitment(), event.statement());
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + statement.length());
        out.write(VERSION);
        out.write(KIND);
        out.writeBytes(ByteBuffer.allocate(16).putLong(time.toEpochMilli()).putLong(eventId).array());
        for (String field : new String[] {step, releaseId, artifactDigest, sourceDigest, actor, reason, commitment}) {
            text(out, field, MAX_TEXT);
        }
        text(out, statement, MAX_STATEMENT);
        return out.toByteArray();
    }

    /** The format 2 {@code engine} entry (kind 8) for {@code event}: kind, release, digest, previous, reason, count. */
    static byte[] encodeEngine(long eventId, AuditEvent.EngineEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.write(VERSION);
        out.write(ENGINE_KIND);
        out.writeBytes(ByteBuffer.allocate(16).putLong(event.at().toEpochMilli()).putLong(eventId).array());
        for (String field : new String[] {event.kind().name().toLowerCase(Locale.ROOT), event.releaseId(),
                event.artifactDigest(), event.previousRelease(), event.reason(), Long.toString(event.count())}) {
            text(out, field, MAX_TEXT);
        }
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String value, int max) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > max || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an entry field holds at most " + max + " bytes, no control characters");
        }
        out.write(utf8.length >>> 8);
        out.write(utf8.length & 0xff);
        out.writeBytes(utf8);
    }
}

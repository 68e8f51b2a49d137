package org.custos.server.audit;

import java.io.IOException;
import java.util.List;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.entry.MalformedEntryException;
import org.custos.tlog.note.Checkpoint;

/**
 * What the log's own tail says about the relay's progress: its size, and the outbox position carried by its last
 * format 2 entry. Read right after the log opened, when every sequenced entry is published.
 *
 * @param size entries in the log
 * @param lastEvent the last relayed outbox position, 0 when the log holds none
 */
record LogTail(long size, long lastEvent) {
    private static final int CHUNK = 256;

    static LogTail of(TransparencyLog log) throws IOException {
        long size = Checkpoint.ofUnchecked(log.currentCheckpoint()).size();
        // Entries not written by the relay (none today) are stepped over; the scan stops at the first relayed one.
        for (long end = size; end > 0; end -= CHUNK) {
            long start = Math.max(0, end - CHUNK);
            List<byte[]> entries = log.entries(start, (int) (end - start));
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (decode(entries.get(i)) instanceof AuditEntry.Relayed relayed) {
                    return new LogTail(size, relayed.eventId());
                }
            }
        }
        return new LogTail(size, 0);
    }

    static AuditEntry decode(byte[] entry) throws IOException {
        try {
            return AuditEntryCodec.decode(entry);
        } catch (MalformedEntryException e) {
            throw new IOException("a log entry is not a readable audit entry: " + e.getMessage(), e);
        }
    }
}

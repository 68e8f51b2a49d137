package org.custos.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The relay's durable bookkeeping in PostgreSQL: how far it carried the outbox ({@code audit_relay_progress}) and,
 * in the same transaction, which new entries name which subject ({@code audit_subject_entries}). Written after the
 * log acknowledged an append; a crash in between is repaired at start from the log's tail (see {@link AuditRelay}).
 */
final class RelayProgress {

    /** The last outbox position carried into the log, and the log's size right after it. */
    record Mark(long lastEvent, long logSize) {}

    /** One row of the subject index: log entry {@code logIndex} names {@code subject}. */
    record SubjectRow(String subject, long logIndex, long eventId, byte[] entry) {}

    private final DataSource dataSource;
    private final Clock clock;
    private final String origin;

    RelayProgress(DataSource dataSource, Clock clock, String origin) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.origin = origin;
    }

    /**
     * The recorded mark of this log (this origin); empty before its first event, and when the recorded progress
     * belongs to an earlier log with another origin (see {@link #fedAnotherLog()}).
     */
    Optional<Mark> read() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT last_event, log_size, origin FROM audit_relay_progress")) {
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                if (!rows.getString(3).equals(origin)) {
                    return Optional.empty();
                }
                return Optional.of(new Mark(rows.getLong(1), rows.getLong(2)));
            }
        }
    }

    /**
     * True when the recorded progress is that of a log with another origin: the operator started a new log after
     * losing the old one (docs/operations.md), so the subject index, which points into the old log, must go.
     */
    boolean fedAnotherLog() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT origin FROM audit_relay_progress")) {
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && !rows.getString(1).equals(origin);
            }
        }
    }

    /**
     * Records {@code mark} and indexes {@code rows} atomically. Rows already indexed are kept (a repeated
     * catch-up after a crash inserts the same rows again).
     *
     * @param dropFrom subject rows at or above this log index are deleted first (a restored, shorter log);
     *     {@code Long.MAX_VALUE} to delete none
     */
    void record(Mark mark, List<SubjectRow> rows, long dropFrom) throws SQLException {
        record(mark, rows, List.of(), dropFrom);
    }

    /** {@link #record(Mark, List, long)}, deleting the rows of the {@code forgotten} subjects first. */
    void record(Mark mark, SubjectIndexUpdate update) throws SQLException {
        record(mark, update.rows(), update.forgotten(), Long.MAX_VALUE);
    }

    private void record(Mark mark, List<SubjectRow> rows, List<String> forgotten, long dropFrom) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (dropFrom != Long.MAX_VALUE) {
                    try (PreparedStatement drop = c.prepareStatement(
                            "DELETE FROM audit_subject_entries WHERE log_index >= ?")) {
                        drop.setLong(1, dropFrom);
                        drop.executeUpdate();
                    }
                }
                if (!forgotten.isEmpty()) {
                    try (PreparedStatement forget = c.prepareStatement(
                            "DELETE FROM audit_subject_entries WHERE subject = ANY (?)")) {
                        forget.setArray(1, c.createArrayOf("text", forgotten.toArray()));
                        forget.executeUpdate();
                    }
                }
                if (!rows.isEmpty()) {
                    try (PreparedStatement insert = c.prepareStatement("""
                            INSERT INTO audit_subject_entries (subject, log_index, event_id, entry)
                            VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                        for (SubjectRow row : rows) {
                            insert.setString(1, row.subject());
                            insert.setLong(2, row.logIndex());
                            insert.setLong(3, row.eventId());
                            insert.setBytes(4, row.entry());
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                }
                try (PreparedStatement upsert = c.prepareStatement("""
                        INSERT INTO audit_relay_progress (singleton, last_event, log_size, origin, updated_at)
                        VALUES (true, ?, ?, ?, ?)
                        ON CONFLICT (singleton) DO UPDATE SET last_event = EXCLUDED.last_event,
                            log_size = EXCLUDED.log_size, origin = EXCLUDED.origin,
                            updated_at = EXCLUDED.updated_at""")) {
                    upsert.setLong(1, mark.lastEvent());
                    upsert.setLong(2, mark.logSize());
                    upsert.setString(3, origin);
                    upsert.setTimestamp(4, Timestamp.from(clock.instant()));
                    upsert.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}

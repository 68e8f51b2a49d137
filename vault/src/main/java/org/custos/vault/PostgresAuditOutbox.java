package org.custos.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The audit outbox in PostgreSQL table {@code vault_audit_outbox}.
 *
 * <p>Why positions are assigned by the reader: an identity column is drawn at insert time but becomes visible at
 * commit time, so a reader following "position greater than the last one I saw" would skip a low id that commits
 * late. Writers therefore insert without a position, concurrently and without any lock; {@link #after} first
 * sequences the committed, unsequenced rows under a transaction-scoped advisory lock (positions continue from the
 * current maximum), then reads. Only committed rows can be sequenced, so positions are gap-free and never skipped.
 */
final class PostgresAuditOutbox implements AuditOutbox {
    /** Advisory lock key serialising sequencers: ASCII "custaudt". */
    private static final long SEQUENCER_LOCK = 0x6375737461756474L;
    private static final int SEQUENCE_BATCH = 10_000;

    private final DataSource dataSource;
    private final Clock clock;
    private final java.util.List<Runnable> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    PostgresAuditOutbox(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Inserts {@code event} in the caller's transaction on {@code connection}. */
    void append(Connection connection, AuditEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO vault_audit_outbox (event, recorded_at) VALUES (?, ?)")) {
            insert.setString(1, AuditEventJson.write(event));
            insert.setTimestamp(2, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
    }

    /**
     * Commits {@code event} on its own before returning.
     *
     * @throws AuditUnavailableException if it could not be committed
     */
    void appendDurably(AuditEvent event) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            append(connection, event);
        } catch (SQLException e) {
            throw new AuditUnavailableException("audit outbox unavailable; read refused", e);
        }
        committed();
    }

    /** Calls {@code listener} after each commit this process makes to the outbox (not for caller transactions). */
    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Tells the listeners that events were committed. */
    void committed() {
        listeners.forEach(Runnable::run);
    }

    @Override
    public List<OutboxEntry> after(long position, int limit) {
        if (position < 0 || limit < 1) {
            throw new IllegalArgumentException("need position >= 0 and limit >= 1, got " + position + ", " + limit);
        }
        try (Connection connection = dataSource.getConnection()) {
            sequence(connection);
            List<OutboxEntry> entries = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT position, event FROM vault_audit_outbox WHERE position > ? ORDER BY position LIMIT ?")) {
                select.setLong(1, position);
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String json = rows.getString(2);
                        entries.add(new OutboxEntry(rows.getLong(1), AuditEventJson.read(json), json));
                    }
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit outbox", e);
        }
    }

    @Override
    public long latestPosition() {
        try (Connection connection = dataSource.getConnection()) {
            sequence(connection);
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT coalesce(max(position), 0) FROM vault_audit_outbox")) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the audit outbox", e);
        }
    }

    /** Gives committed unsequenced rows the next positions, in id order, until none is left. */
    private static void sequence(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + SEQUENCER_LOCK + ")");
            int updated;
            do {
                updated = statement.executeUpdate("""
                        UPDATE vault_audit_outbox o
                           SET position = base.max_position + pending.rank
                          FROM (SELECT coalesce(max(position), 0) AS max_position FROM vault_audit_outbox) base,
                               (SELECT id, row_number() OVER (ORDER BY id) AS rank
                                  FROM vault_audit_outbox WHERE position IS NULL ORDER BY id LIMIT %d) pending
                         WHERE o.id = pending.id
                        """.formatted(SEQUENCE_BATCH));
            } while (updated == SEQUENCE_BATCH);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}

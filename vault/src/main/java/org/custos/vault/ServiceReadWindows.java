package org.custos.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Service reads summed per (window, principal, purpose, column) in table {@code vault_service_reads}, instead of one
 * audit event per value.
 *
 * <p>Why a durable counter rather than an in-memory one: a read must be accounted for before its plaintext is
 * returned, and a crash must not lose it. {@link #note} therefore commits one UPSERT (a single round trip that also
 * inserts the subject into the window's exact distinct-subject set, {@code vault_service_read_subjects}) before the
 * caller decrypts. {@link #flushClosed} turns every window that ended at least {@link #GRACE} ago into
 * {@link AuditEvent.ServiceReads} outbox events and deletes its rows, in one transaction, so a window is flushed
 * exactly once even with several nodes flushing.
 *
 * <p>A read whose window had already been flushed (a thread delayed by more than the grace period between reading
 * the clock and committing) recreates the row and is flushed as a second event for the same window: counts stay
 * exact, the distinct-subject count of that window is then split over two events.
 */
final class ServiceReadWindows {
    /** How long after a window's end it is flushed, so that reads in flight when it ended land in it. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private static final String NOTE = """
            WITH first_read AS (
                INSERT INTO vault_service_read_subjects (window_start, principal, purpose, column_name, subject_id)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING 1)
            INSERT INTO vault_service_reads (window_start, principal, purpose, column_name, reads, subjects)
            VALUES (?, ?, ?, ?, ?, greatest((SELECT count(*) FROM first_read), 1))
            ON CONFLICT (window_start, principal, purpose, column_name) DO UPDATE
               SET reads = vault_service_reads.reads + EXCLUDED.reads,
                   subjects = vault_service_reads.subjects + (SELECT count(*) FROM first_read)
            """;

    /**
     * {@link #NOTE} for many subjects at once: the subjects (ascending, so that two batches touching the same subjects
     * take their index entries in the same order and cannot deadlock) with their counts, unnested from two arrays;
     * every subject new to the window inserts a row, and ONE upsert adds the summed count and the number of rows
     * inserted to the window's counter.
     */
    private static final String NOTE_ALL = """
            WITH input AS (
                SELECT subject_id, reads FROM unnest(?::bigint[], ?::bigint[]) AS t(subject_id, reads)),
            first_read AS (
                INSERT INTO vault_service_read_subjects (window_start, principal, purpose, column_name, subject_id)
                SELECT ?, ?, ?, ?, subject_id FROM input ORDER BY subject_id
                ON CONFLICT DO NOTHING RETURNING 1)
            INSERT INTO vault_service_reads (window_start, principal, purpose, column_name, reads, subjects)
            VALUES (?, ?, ?, ?, (SELECT sum(reads) FROM input)::bigint, greatest((SELECT count(*) FROM first_read), 1))
            ON CONFLICT (window_start, principal, purpose, column_name) DO UPDATE
               SET reads = vault_service_reads.reads + EXCLUDED.reads,
                   subjects = vault_service_reads.subjects + (SELECT count(*) FROM first_read)
            """;

    private final DataSource dataSource;
    private final PostgresAuditOutbox outbox;
    private final Clock clock;
    private final long windowMillis;

    ServiceReadWindows(DataSource dataSource, PostgresAuditOutbox outbox, Clock clock, Duration window) {
        if (window.isNegative() || window.isZero() || window.toMillis() < 1) {
            throw new IllegalArgumentException("service read window must be at least 1 ms, got " + window);
        }
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.clock = clock;
        this.windowMillis = window.toMillis();
    }

    Duration window() {
        return Duration.ofMillis(windowMillis);
    }

    /**
     * Counts {@code count} values of {@code column} read by {@code principal} for {@code purpose} about
     * {@code subject}, committed before returning.
     *
     * @throws AuditUnavailableException if the count could not be committed (the caller must not return plaintext)
     */
    void note(Principal principal, Purpose purpose, Column column, SubjectId subject, long count) {
        if (count < 1) {
            throw new IllegalArgumentException("a service read counts at least one value, got " + count);
        }
        long now = clock.millis();
        Timestamp window = new Timestamp(now - Math.floorMod(now, windowMillis));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement(NOTE)) {
            connection.setAutoCommit(true);
            int i = 1;
            for (int pass = 0; pass < 2; pass++) {
                upsert.setTimestamp(i++, window);
                upsert.setString(i++, principal.toString());
                upsert.setString(i++, purpose.name());
                upsert.setString(i++, column.toString());
                upsert.setLong(i++, pass == 0 ? subject.value() : count);
            }
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new AuditUnavailableException("service read counter unavailable; read refused", e);
        }
    }

    /**
     * {@link #note} for every subject of {@code countsBySubject} in ONE statement (one round trip, one commit).
     *
     * @throws IllegalArgumentException if a count is below 1 or the counts sum past {@code Long.MAX_VALUE}; nothing
     *     is counted
     * @throws AuditUnavailableException if the counts could not be committed (the caller must not use the data)
     */
    void noteAll(Principal principal, Purpose purpose, Column column, Map<SubjectId, Long> countsBySubject) {
        if (countsBySubject.isEmpty()) {
            return;
        }
        TreeMap<Long, Long> sorted = new TreeMap<>();
        long total = 0;
        for (Map.Entry<SubjectId, Long> entry : countsBySubject.entrySet()) {
            Long count = entry.getValue();
            if (count == null || count < 1) {
                throw new IllegalArgumentException("a service read counts at least one value, got " + count
                        + " for " + entry.getKey());
            }
            try {
                total = Math.addExact(total, count);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("service read counts sum past " + Long.MAX_VALUE, e);
            }
            sorted.put(entry.getKey().value(), count);
        }
        Long[] subjects = sorted.keySet().toArray(Long[]::new);
        Long[] counts = sorted.values().toArray(Long[]::new);
        long now = clock.millis();
        Timestamp window = new Timestamp(now - Math.floorMod(now, windowMillis));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement(NOTE_ALL)) {
            connection.setAutoCommit(true);
            upsert.setArray(1, connection.createArrayOf("bigint", subjects));
            upsert.setArray(2, connection.createArrayOf("bigint", counts));
            int i = 3;
            for (int pass = 0; pass < 2; pass++) {
                upsert.setTimestamp(i++, window);
                upsert.setString(i++, principal.toString());
                upsert.setString(i++, purpose.name());
                upsert.setString(i++, column.toString());
            }
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new AuditUnavailableException("service read counter unavailable; reads of "
                    + countsBySubject.size() + " subjects refused", e);
        }
    }

    /**
     * Moves every window that ended at least {@link #GRACE} ago into the outbox as one {@link AuditEvent.ServiceReads}
     * per (principal, purpose, column), oldest window first.
     *
     * @return how many events were recorded
     * @throws AuditUnavailableException if the database is unreachable (nothing is lost; call again later)
     */
    int flushClosed() {
        Instant now = clock.instant();
        Timestamp closedBefore = Timestamp.from(now.minus(GRACE).minusMillis(windowMillis));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<AuditEvent.ServiceReads> events = new ArrayList<>();
                try (PreparedStatement delete = connection.prepareStatement("""
                        DELETE FROM vault_service_reads WHERE window_start <= ?
                        RETURNING window_start, principal, purpose, column_name, reads, subjects""")) {
                    delete.setTimestamp(1, closedBefore);
                    try (ResultSet rows = delete.executeQuery()) {
                        while (rows.next()) {
                            Instant start = rows.getTimestamp(1).toInstant();
                            events.add(new AuditEvent.ServiceReads(principal(rows.getString(2)),
                                    new Purpose(rows.getString(3)), List.of(Column.of(rows.getString(4))),
                                    rows.getLong(6), rows.getLong(5), start, start.plusMillis(windowMillis)));
                        }
                    }
                }
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM vault_service_read_subjects WHERE window_start <= ?")) {
                    delete.setTimestamp(1, closedBefore);
                    delete.executeUpdate();
                }
                // A stable order, so that the log reads the same whichever node flushed.
                events.sort(java.util.Comparator.comparing(AuditEvent.ServiceReads::windowStart)
                        .thenComparing(e -> e.principal().toString())
                        .thenComparing(e -> e.purpose().name())
                        .thenComparing(e -> e.columns().getFirst().toString()));
                for (AuditEvent.ServiceReads event : events) {
                    outbox.append(connection, event);
                }
                connection.commit();
                return events.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot flush service read windows", e);
        }
    }

    private static Principal principal(String text) {
        int colon = text.indexOf(':');
        return new Principal(Principal.Kind.valueOf(text.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
                text.substring(colon + 1));
    }
}

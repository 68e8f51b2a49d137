package org.custos.app.videos;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * {@code app_watch_events}: the viewer's watch history, PROTECTED. A batch is written in ONE round trip: the
 * events travel as three arrays, are unnested, restricted to videos that exist and that the viewer may see,
 * inserted with {@code ON CONFLICT DO NOTHING} on (viewer, client event id), and the view counters of the newly
 * inserted ones are raised in the same statement. A retried batch therefore changes nothing.
 */
final class WatchEvents {
    static final Column EVENT = new Column("app_watch_events", "event");
    static final Column VIEWER_REF = new Column("app_watch_events", "viewer_ref");

    /**
     * Two batches that raise the same counters may lock them in different orders (PostgreSQL does not promise an
     * order for UPDATE ... FROM); the server then aborts one of them with a deadlock, and it is simply rerun.
     */
    private static final String DEADLOCK = "40P01";
    private static final int DEADLOCK_ATTEMPTS = 5;

    /** One validated event as the client sent it. */
    record Watch(UUID clientId, long videoId, long watchedMs, boolean completed, boolean skipped,
                 boolean notInterested, Instant at) {
        Watch {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The sealed form of one event (the client id is the row's key, so it is not repeated inside). */
    record Stored(long videoId, long watchedMs, boolean completed, boolean skipped, boolean notInterested,
                  String at) {
        static Stored of(Watch w) {
            return new Stored(w.videoId(), w.watchedMs(), w.completed(), w.skipped(), w.notInterested(),
                    w.at().toString());
        }

        /**
         * The JSON Jackson would write for {@code Stored.of(w)}, with {@code at} already formatted: a batch shares
         * one receive time, and writing a few numbers and flags by hand costs a fraction of a reflective
         * serialisation, which was a sixth of the handler's time at 500 events per batch. No field needs
         * escaping: numbers, booleans and an ISO-8601 instant.
         */
        static byte[] json(Watch w, String at) {
            return ("{\"videoId\":" + w.videoId() + ",\"watchedMs\":" + w.watchedMs()
                    + ",\"completed\":" + w.completed() + ",\"skipped\":" + w.skipped()
                    + ",\"notInterested\":" + w.notInterested() + ",\"at\":\"" + at + "\"}")
                    .getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final DataSource dataSource;
    private final Vault vault;
    private final Identities identities;

    WatchEvents(DataSource dataSource, Vault vault, Identities identities) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.identities = identities;
    }

    /**
     * A newly stored event: its row's position in the order of ingestion (the recommender replays from it after a
     * restart) and its video's duration, which the recommender needs to label plays.
     */
    record Added(long position, long durationMs) {
    }

    /** Stores the batch; returns the events that were new (not duplicates, on visible videos). */
    Map<UUID, Added> ingest(long viewer, List<Watch> batch, Instant now) {
        SubjectId subject = new SubjectId(viewer);
        UUID[] ids = new UUID[batch.size()];
        Long[] videoIds = new Long[batch.size()];
        byte[][] sealed = new byte[batch.size()][];
        Map<Instant, String> formatted = new HashMap<>(2);
        for (int i = 0; i < batch.size(); i++) {
            Watch w = batch.get(i);
            ids[i] = w.clientId();
            videoIds[i] = w.videoId();
            sealed[i] = vault.seal(subject, EVENT, Stored.json(w, formatted.computeIfAbsent(w.at(), Instant::toString)));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return insert(viewer, ids, videoIds, sealed, now);
            } catch (SQLException e) {
                if (!DEADLOCK.equals(e.getSQLState()) || attempt == DEADLOCK_ATTEMPTS) {
                    throw Sql.failure("storing watch events", e);
                }
                // The batch's transaction was rolled back whole: rerunning it is safe.
            }
        }
    }

    private Map<UUID, Added> insert(long viewer, UUID[] ids, Long[] videoIds, byte[][] sealed, Instant now)
            throws SQLException {
        Map<UUID, Added> added = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockCounters(c, videoIds);
                insert(c, viewer, ids, videoIds, sealed, now, added);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        return added;
    }

    /**
     * Locks the view counters of the batch's videos in id order. Concurrent batches over the same popular videos
     * otherwise lock them in whatever order their joins produce, and deadlock each other.
     */
    private static void lockCounters(Connection c, Long[] videoIds) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT video_id FROM app_video_counters WHERE video_id = ANY(?::bigint[])
                ORDER BY video_id FOR UPDATE""")) {
            q.setArray(1, c.createArrayOf("bigint", videoIds));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    // locked
                }
            }
        }
    }

    private void insert(Connection c, long viewer, UUID[] ids, Long[] videoIds, byte[][] sealed, Instant now,
                        Map<UUID, Added> added) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                     WITH input AS (
                         SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::bytea[]) AS t (event_id, video_id, event)),
                     known AS (
                         SELECT i.event_id, i.video_id, i.event, v.duration_ms
                         FROM input i JOIN app_videos v ON v.id = i.video_id
                         WHERE """ + Visibilities.VISIBLE_TO_VIEWER + """
                     ),
                     added AS (
                         INSERT INTO app_watch_events (user_index, client_event_id, event, received_at, viewer_ref)
                         SELECT ?, event_id, event, ?, ? FROM known
                         ON CONFLICT DO NOTHING RETURNING client_event_id, id),
                     counted AS (
                         UPDATE app_video_counters c SET views = c.views + x.n
                         FROM (SELECT k.video_id, count(*) AS n FROM known k
                               JOIN added a ON a.client_event_id = k.event_id GROUP BY k.video_id) x
                         WHERE c.video_id = x.video_id)
                     SELECT a.client_event_id, k.duration_ms, a.id
                     FROM added a JOIN known k ON k.event_id = a.client_event_id""")) {
            q.setArray(1, c.createArrayOf("uuid", ids));
            q.setArray(2, c.createArrayOf("bigint", videoIds));
            q.setArray(3, c.createArrayOf("bytea", sealed));
            q.setLong(4, viewer);
            q.setBytes(5, identities.followIndex(java.util.OptionalLong.of(viewer)));
            q.setBytes(6, identities.index(Identities.WATCHER_INDEX, viewer));
            q.setTimestamp(7, Timestamp.from(now));
            q.setBytes(8, vault.sealReference(VIEWER_REF, new SubjectId(viewer)));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    added.put(rs.getObject(1, UUID.class), new Added(rs.getLong(3), rs.getLong(2)));
                }
            }
        }
    }
}

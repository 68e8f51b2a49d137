package org.custos.app.videos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.custos.app.storage.Transactions;
import org.custos.vault.AccessContext;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * One user's content across the videos feature, for their export and their erasure. Both find the user's rows by
 * the same blind indexes the features use, and open sealed values under the user's own context.
 */
final class UserData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final Vault vault;
    private final Identities identities;
    private final VideoStore videos;
    private final SocialStore social;
    private final BlobStore blobs;

    UserData(DataSource dataSource, Vault vault, Identities identities, VideoStore videos, SocialStore social,
             BlobStore blobs) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.identities = identities;
        this.videos = videos;
        this.social = social;
        this.blobs = blobs;
    }

    Map<String, Object> export(long user) {
        Map<String, Object> out = new LinkedHashMap<>();
        OptionalLong self = OptionalLong.of(user);
        out.put("videos", videos.byAuthor(self, user, Cursor.START, Integer.MAX_VALUE).stream()
                .map(VideoRecord::view).toList());
        out.put("following", social.following(user, Cursor.START, Integer.MAX_VALUE).stream()
                .map(SocialStore.Edge::handle).toList());
        out.put("followers", social.followers(user, Cursor.START, Integer.MAX_VALUE).stream()
                .map(SocialStore.Edge::handle).toList());
        out.put("likes", longs("SELECT video_id FROM app_likes WHERE liker_index = ? ORDER BY created_at",
                identities.index(Identities.LIKER_INDEX, user)));
        out.put("shares", longs("SELECT video_id FROM app_shares WHERE sharer_index = ? ORDER BY id",
                identities.index(Identities.SHARER_INDEX, user)));
        out.put("comments", comments(user));
        out.put("watchHistory", watches(user));
        return out;
    }

    /**
     * Removes everything the user did and uploaded, moving every counter back by what the user had added, in one
     * transaction; then removes the media objects. Run before the user's key is shredded: the video ids of watch
     * events are sealed, and are needed to take their views off the counters. Returns the ids of the videos removed.
     */
    List<Long> erase(long user) {
        Map<Long, Long> viewsByVideo = new HashMap<>();
        for (WatchEvents.Stored w : watches(user)) {
            viewsByVideo.merge(w.videoId(), 1L, Long::sum);
        }
        List<String> blobKeys = new ArrayList<>();
        List<Long> videoIds = new ArrayList<>();
        try {
            Transactions.run(dataSource, c -> {
                execute(c, """
                        WITH d AS (DELETE FROM app_likes WHERE liker_index = ? RETURNING video_id)
                        UPDATE app_video_counters k SET likes = k.likes - x.n
                        FROM (SELECT video_id, count(*) AS n FROM d GROUP BY video_id) x
                        WHERE k.video_id = x.video_id""",
                        identities.index(Identities.LIKER_INDEX, user));
                execute(c, """
                        WITH d AS (DELETE FROM app_shares WHERE sharer_index = ? RETURNING video_id)
                        UPDATE app_video_counters k SET shares = k.shares - x.n
                        FROM (SELECT video_id, count(*) AS n FROM d GROUP BY video_id) x
                        WHERE k.video_id = x.video_id""",
                        identities.index(Identities.SHARER_INDEX, user));
                execute(c, """
                        WITH d AS (DELETE FROM app_comments WHERE author_id = ? RETURNING video_id)
                        UPDATE app_video_counters k SET comments = k.comments - x.n
                        FROM (SELECT video_id, count(*) AS n FROM d GROUP BY video_id) x
                        WHERE k.video_id = x.video_id""",
                        user);
                execute(c, """
                        UPDATE app_video_counters k SET views = greatest(0, k.views - x.n)
                        FROM unnest(?::bigint[], ?::bigint[]) AS x (video_id, n) WHERE k.video_id = x.video_id""",
                        c.createArrayOf("bigint", viewsByVideo.keySet().toArray()),
                        c.createArrayOf("bigint", viewsByVideo.values().toArray()));
                execute(c, "DELETE FROM app_watch_events WHERE user_index = ?",
                        identities.index(Identities.WATCHER_INDEX, user));
                execute(c, "DELETE FROM app_follows WHERE follower_index = ? OR followee_id = ?",
                        identities.index(Identities.FOLLOWER_INDEX, user), user);
                try (PreparedStatement d = c.prepareStatement(
                        "DELETE FROM app_videos WHERE author_id = ? RETURNING blob_key, id")) {
                    d.setLong(1, user);
                    try (ResultSet rs = d.executeQuery()) {
                        while (rs.next()) {
                            blobKeys.add(rs.getString(1));
                            videoIds.add(rs.getLong(2));
                        }
                    }
                }
            });
        } catch (SQLException e) {
            throw Sql.failure("erasing a user's content", e);
        }
        for (String key : blobKeys) {
            try {
                blobs.delete(key);
            } catch (IOException e) {
                // The media key is shredded with the user, so a leftover object is unreadable ciphertext.
                System.getLogger(UserData.class.getName()).log(System.Logger.Level.WARNING,
                        "could not delete an erased user's media object: " + e.getClass().getName());
            }
        }
        return videoIds;
    }

    private List<Map<String, Object>> comments(long user) {
        List<Map<String, Object>> out = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT id, video_id, body, sealed, created_at FROM app_comments"
                             + " WHERE author_id = ? ORDER BY id")) {
            q.setLong(1, user);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBytes(4),
                            rs.getTimestamp(5).toInstant().toString()});
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("exporting comments", e);
        }
        for (Object[] r : rows) {
            String text = r[2] != null ? (String) r[2] : vault.openString(AccessContext.self(new SubjectId(user)),
                    new SubjectId(user), SocialStore.COMMENT, (byte[]) r[3]);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
            m.put("videoId", r[1]);
            m.put("text", text);
            m.put("createdAt", r[4]);
            out.add(m);
        }
        return out;
    }

    List<Map<String, Object>> watchHistory(AccessContext context, long user) {
        return watches(context, user).stream().map(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("videoId", w.videoId());
            m.put("watchedMs", w.watchedMs());
            m.put("completed", w.completed());
            m.put("skipped", w.skipped());
            m.put("notInterested", w.notInterested());
            m.put("at", w.at());
            return m;
        }).toList();
    }

    private List<WatchEvents.Stored> watches(long user) {
        return watches(AccessContext.self(new SubjectId(user)), user);
    }

    private List<WatchEvents.Stored> watches(AccessContext context, long user) {
        List<byte[]> sealed = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT event FROM app_watch_events WHERE user_index = ? ORDER BY received_at")) {
            q.setBytes(1, identities.index(Identities.WATCHER_INDEX, user));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    sealed.add(rs.getBytes(1));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading watch history", e);
        }
        List<WatchEvents.Stored> out = new ArrayList<>(sealed.size());
        SubjectId subject = new SubjectId(user);
        for (byte[] value : sealed) {
            try {
                out.add(JSON.readValue(vault.open(context, subject, WatchEvents.EVENT, value),
                        WatchEvents.Stored.class));
            } catch (IOException e) {
                throw new UncheckedIOException("a stored watch event does not decode", e);
            }
        }
        return out;
    }

    private List<Long> longs(String sql, byte[] index) {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setBytes(1, index);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("exporting a user's activity", e);
        }
        return out;
    }

    private static void execute(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.execute();
        }
    }
}

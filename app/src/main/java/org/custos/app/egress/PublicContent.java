package org.custos.app.egress;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * The public side of the catalogue for the egress gateway. Every query names {@code visibility = 'public'} itself,
 * so a followers-only or private video never reaches the gateway, whatever it asks for: such a video is
 * indistinguishable from one that does not exist. Thread-safe.
 */
public final class PublicContent {
    private static final String COLUMNS = """
            SELECT v.id, u.handle, v.caption, v.hashtags, v.duration_ms, v.media_type, v.created_at,
                   coalesce(c.views, 0), coalesce(c.likes, 0), coalesce(c.comments, 0), coalesce(c.shares, 0)
            FROM app_videos v
            JOIN app_users u ON u.id = v.author_id
            LEFT JOIN app_video_counters c ON c.video_id = v.id
            WHERE v.visibility = 'public'
            """;

    private final DataSource dataSource;

    public PublicContent(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Public videos with ids above {@code afterId}, ascending, at most {@code limit}. */
    public List<EgressVideo> after(long afterId, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(COLUMNS + " AND v.id > ? ORDER BY v.id LIMIT ?")) {
            q.setLong(1, afterId);
            q.setInt(2, limit);
            return videos(q);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read public videos", e);
        }
    }

    /** Those of {@code ids} that are public videos, ascending. */
    public List<EgressVideo> byIds(Collection<Long> ids) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(COLUMNS + " AND v.id = ANY (?) ORDER BY v.id")) {
            Array array = c.createArrayOf("bigint", ids.toArray(Long[]::new));
            q.setArray(1, array);
            return videos(q);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read public videos", e);
        }
    }

    /**
     * Opaque keys of up to {@code limit} likers of the public video {@code videoId}: the hex of each like's blind
     * index (a keyed HMAC of the liker's id, the same on every video), never the id. Nothing is decrypted; the gateway
     * pseudonymises the keys again per recipient before they leave. Empty for a video that is not public.
     */
    public List<String> likerKeys(long videoId, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT l.liker_index FROM app_likes l JOIN app_videos v ON v.id = l.video_id
                     WHERE l.video_id = ? AND v.visibility = 'public'
                     ORDER BY l.liker_index LIMIT ?""")) {
            q.setLong(1, videoId);
            q.setInt(2, limit);
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    keys.add(HexFormat.of().formatHex(rs.getBytes(1)));
                }
            }
            return keys;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the likers of a public video", e);
        }
    }

    private static List<EgressVideo> videos(PreparedStatement q) throws SQLException {
        List<EgressVideo> videos = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                videos.add(new EgressVideo(rs.getLong(1), rs.getString(2), rs.getString(3),
                        List.of((String[]) rs.getArray(4).getArray()), rs.getLong(5), rs.getString(6),
                        rs.getTimestamp(7).toInstant(), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11)));
            }
        }
        return videos;
    }
}

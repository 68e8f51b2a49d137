package org.custos.app.videos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;
import org.custos.recsys.Catalog;
import org.custos.recsys.Video;

/**
 * The recommender's view of the app's videos and follows: ids, authors, durations, visibility, never captions or
 * media. Every call is one indexed query, except {@link #video(long)}: a For You page asks for each ranked
 * candidate in turn, so those answers are kept for {@link #VIDEO_TTL} (see {@link CatalogCache}).
 * Hashtags are not passed: on non-public videos they are sealed, and the popularity feed does not use them.
 */
final class StoreCatalog implements Catalog {
    /** The app keeps users' regions PROTECTED, so the recommender sees one region for everyone. */
    static final String REGION = "all";
    static final Duration VIDEO_TTL = Duration.ofSeconds(10);
    private static final int CACHED_VIDEOS = 100_000;

    private final DataSource dataSource;
    private final Identities identities;
    private final CatalogCache cache;

    StoreCatalog(DataSource dataSource, Identities identities, Clock clock) {
        this.dataSource = dataSource;
        this.identities = identities;
        this.cache = new CatalogCache(clock, VIDEO_TTL, CACHED_VIDEOS);
    }

    @Override
    public Optional<Video> video(long videoId) {
        return cache.video(videoId, id -> videos("WHERE id = ?", id, 1).stream().findFirst());
    }

    @Override
    public List<Video> uploadedSince(Instant since, int limit) {
        return videos("WHERE created_at >= ? ORDER BY created_at DESC, id DESC", Timestamp.from(since), limit);
    }

    @Override
    public List<Video> recentByAuthors(Set<Long> authorIds, int limit) {
        return videos("WHERE author_id = ANY (?) ORDER BY created_at DESC, id DESC", authorIds.toArray(Long[]::new),
                limit);
    }

    @Override
    public Set<Long> followees(long userId) {
        Set<Long> out = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT followee_id FROM app_follows WHERE follower_index = ?")) {
            q.setBytes(1, identities.followIndex(OptionalLong.of(userId)));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading follows for the recommender", e);
        }
        return out;
    }

    private List<Video> videos(String where, Object parameter, int limit) {
        List<Video> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id, author_id, duration_ms, created_at, visibility"
                     + " FROM app_videos " + where + " LIMIT ?")) {
            if (parameter instanceof Long[] ids) {
                q.setArray(1, c.createArrayOf("bigint", ids));
            } else {
                q.setObject(1, parameter);
            }
            q.setInt(2, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Video(rs.getLong(1), rs.getLong(2), List.of(), rs.getLong(3),
                            rs.getTimestamp(4).toInstant(), REGION,
                            Visibilities.parse(rs.getString(5)).orElseThrow()));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading videos for the recommender", e);
        }
        return out;
    }
}

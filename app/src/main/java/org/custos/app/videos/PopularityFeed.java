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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The custodian's own For You feed, which serves whenever the owner's algorithm does not answer (not admitted,
 * starting, crashed, late or wrong): public videos by a published, explainable score, the same for everyone, minus
 * what the viewer watched lately and the viewer's own videos. Nothing personal goes into it beyond those
 * exclusions.
 *
 * <p>Score: {@code (views + 3 likes + 5 shares + 1) / (hours since upload + 2)^1.5} over the public counters, the
 * well-known "gravity" rule, so a fresh video with some engagement beats an old one with a little more. The list
 * (the best {@value #LIST_SIZE}) is recomputed at most every {@link #REFRESH} from the tables, one query, so the feed
 * survives restarts without state and costs nothing per request beyond filtering.
 */
final class PopularityFeed {
    static final int LIST_SIZE = 1_000;
    static final Duration REFRESH = Duration.ofSeconds(10);
    /** Videos remembered per viewer as recently watched, and viewers remembered. */
    private static final int RECENT_PER_VIEWER = 200;
    private static final int RECENT_VIEWERS = 100_000;

    private final DataSource dataSource;
    private final Clock clock;
    /** A listed video and its author, kept so that a viewer's own videos are skipped without a query. */
    private record Entry(long id, long author) {
    }

    private volatile List<Entry> top = List.of();
    private volatile Instant computedAt = Instant.MIN;
    private final Map<Long, LinkedHashSet<Long>> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, LinkedHashSet<Long>> eldest) {
            return size() > RECENT_VIEWERS;
        }
    };

    PopularityFeed(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Up to {@code count} public video ids for {@code viewer}, best first, none of {@code exclude} nor the viewer's
     * own: an author's hit is skipped here so that the page is filled with the next ones, not left short.
     */
    List<Long> page(long viewer, int count, Collection<Long> exclude) {
        List<Entry> list = current();
        Set<Long> seen;
        synchronized (recent) {
            LinkedHashSet<Long> watched = recent.get(viewer);
            seen = watched == null ? Set.of() : Set.copyOf(watched);
        }
        List<Long> page = new ArrayList<>(count);
        for (Entry e : list) {
            if (page.size() == count) {
                break;
            }
            if (e.author() != viewer && !seen.contains(e.id()) && !exclude.contains(e.id())) {
                page.add(e.id());
            }
        }
        return page;
    }

    /** Remembers what a viewer just watched, so that the feed moves on. */
    void watched(long viewer, Collection<Long> videoIds) {
        synchronized (recent) {
            LinkedHashSet<Long> watched = recent.computeIfAbsent(viewer, v -> new LinkedHashSet<>());
            for (long id : videoIds) {
                watched.remove(id);
                watched.add(id);
                if (watched.size() > RECENT_PER_VIEWER) {
                    watched.remove(watched.iterator().next());
                }
            }
        }
    }

    /** Forgets an erased viewer. */
    void forget(long viewer) {
        synchronized (recent) {
            recent.remove(viewer);
        }
    }

    private List<Entry> current() {
        Instant now = clock.instant();
        if (now.isBefore(computedAt.plus(REFRESH))) {
            return top;
        }
        synchronized (this) {
            if (now.isBefore(computedAt.plus(REFRESH))) {
                return top;
            }
            List<Entry> ids = new ArrayList<>(LIST_SIZE);
            try (Connection c = dataSource.getConnection();
                 PreparedStatement q = c.prepareStatement("""
                         SELECT v.id, v.author_id FROM app_videos v JOIN app_video_counters n ON n.video_id = v.id
                         WHERE v.visibility = 'public'
                         ORDER BY (n.views + 3 * n.likes + 5 * n.shares + 1)
                                  / power(greatest(extract(epoch FROM (? - v.created_at)), 0) / 3600 + 2, 1.5) DESC,
                                  v.id DESC
                         LIMIT ?""")) {
                q.setTimestamp(1, Timestamp.from(now));
                q.setInt(2, LIST_SIZE);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(new Entry(rs.getLong(1), rs.getLong(2)));
                    }
                }
            } catch (SQLException e) {
                throw Sql.failure("reading popular videos", e);
            }
            top = List.copyOf(ids);
            computedAt = now;
            return top;
        }
    }
}

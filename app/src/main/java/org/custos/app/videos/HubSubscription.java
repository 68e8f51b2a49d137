package org.custos.app.videos;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.custos.app.foryou.FactSubscription;
import org.custos.recsys.api.Audience;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.Protocol;
import org.custos.vault.EnginePseudonyms;
import org.custos.vault.SubjectId;
import org.custos.vault.SubjectShreddedException;
import org.custos.vault.Vault;

/**
 * One algorithm instance's view of the app's facts, in its release's pseudonyms.
 *
 * <p>The life of a subscription: first the whole catalogue, read from the tables in id order (every video but
 * private ones, then every follow edge, whose follower is opened through the vault as a counted service read);
 * then the stored watch events after the starting position, replayed through its own {@link WatchEventStream};
 * then live facts. Catalogue changes reported while it is still reading arrive afterwards, so the algorithm ends on
 * the current state (a repeated video or follow is harmless: facts are upserts).
 *
 * <p>Within one poll, catalogue changes come first (a video before the watches of it), then watch events, then
 * erasures last; events of an account erased moments ago are dropped, so that nothing of it is learnt after the
 * algorithm forgot it. Every protected value handed over without having been opened through the vault (live watch
 * events and follows, whose plaintext came from the request) is counted as a service read before the batch is
 * returned: if the count fails, nothing is handed over and the next poll tries again.
 */
final class HubSubscription implements FactSubscription {
    /** Live catalogue changes a subscription holds before it starts over from the tables. */
    private static final int MAX_QUEUED = 1_000_000;

    private enum Phase { VIDEOS, FOLLOWS, LIVE }

    private final FactHub hub;
    private final DataSource dataSource;
    private final Vault vault;
    private final EnginePseudonyms pseudonyms;
    private final WatchEventStream watches;
    private final ArrayDeque<FactHub.CatalogChange> queue = new ArrayDeque<>();
    private Phase phase = Phase.VIDEOS;
    private long cursor;
    private long watchPosition;
    private volatile boolean closed;
    /** Changes polled from the queue whose batch failed to be counted, handed over by the next poll. */
    private List<FactHub.CatalogChange> retry = List.of();
    private List<WatchEventStream.Positioned> retryWatches = List.of();

    HubSubscription(FactHub hub, DataSource dataSource, Vault vault, EnginePseudonyms pseudonyms,
                    long afterWatchPosition) {
        this.hub = hub;
        this.dataSource = dataSource;
        this.vault = vault;
        this.pseudonyms = pseudonyms;
        this.watchPosition = afterWatchPosition;
        this.watches = new WatchEventStream(new WatchEventReplay(dataSource, vault), 1_000_000);
    }

    WatchEventStream watches() {
        return watches;
    }

    synchronized void enqueue(FactHub.CatalogChange change) {
        if (closed) {
            return;
        }
        if (queue.size() >= MAX_QUEUED) {
            // The algorithm fell far behind: start over from the tables, which hold the current state.
            queue.clear();
            phase = Phase.VIDEOS;
            cursor = 0;
        }
        queue.add(change);
    }

    @Override
    public Batch poll(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("poll at least one fact, got " + max);
        }
        if (closed) {
            return new Batch(List.of(), watchPosition, false);
        }
        Phase now;
        synchronized (this) {
            now = phase;
        }
        return switch (now) {
            case VIDEOS -> videos(max);
            case FOLLOWS -> follows(max);
            case LIVE -> live(max);
        };
    }

    private Batch videos(int max) {
        List<Fact> facts = new ArrayList<>();
        long last = cursor;
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT id, author_id, duration_ms, created_at, visibility, hashtags FROM app_videos
                     WHERE id > ? AND visibility <> 'private' ORDER BY id LIMIT ?""")) {
            q.setLong(1, cursor);
            q.setInt(2, max);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                    Visibility visibility = Visibilities.parse(rs.getString(5)).orElseThrow();
                    Array tags = rs.getArray(6);
                    List<String> publicTags = tags == null || visibility != Visibility.PUBLIC ? List.of()
                            : List.of((String[]) tags.getArray());
                    facts.add(video(new FactHub.VideoFact(last, rs.getLong(2), rs.getLong(3),
                            rs.getTimestamp(4).toInstant(), visibility, publicTags)));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading the catalogue for the recommender", e);
        }
        synchronized (this) {
            if (facts.size() < max) {
                phase = Phase.FOLLOWS;
                cursor = 0;
            } else {
                cursor = last;
            }
        }
        return new Batch(facts, watchPosition, false);
    }

    private Batch follows(int max) {
        record Edge(long id, long followee, byte[] follower) {
        }
        List<Edge> edges = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT id, followee_id, follower FROM app_follows WHERE id > ? ORDER BY id LIMIT ?")) {
            q.setLong(1, cursor);
            q.setInt(2, max);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    edges.add(new Edge(rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading follows for the recommender", e);
        }
        // One counted read per followee: the follower ids are sealed under the followee's key.
        Map<Long, List<byte[]>> byFollowee = new LinkedHashMap<>();
        for (Edge edge : edges) {
            byFollowee.computeIfAbsent(edge.followee(), f -> new ArrayList<>()).add(edge.follower());
        }
        List<Fact> facts = new ArrayList<>(edges.size());
        for (Map.Entry<Long, List<byte[]>> group : byFollowee.entrySet()) {
            List<byte[]> followers;
            try {
                followers = vault.openAll(WatchEventReplay.RECOMMENDER, new SubjectId(group.getKey()),
                        SocialStore.FOLLOWER, group.getValue());
            } catch (SubjectShreddedException erased) {
                continue;
            }
            long author = pseudonyms.of(new SubjectId(group.getKey()));
            for (byte[] follower : followers) {
                facts.add(new Fact.Followed(pseudonyms.of(new SubjectId(ByteBuffer.wrap(follower).getLong())), author,
                        true));
            }
        }
        synchronized (this) {
            if (edges.size() < max) {
                phase = Phase.LIVE;
                cursor = 0;
            } else {
                cursor = edges.getLast().id();
            }
        }
        return new Batch(facts, watchPosition, false);
    }

    private Batch live(int max) {
        List<FactHub.CatalogChange> changes;
        synchronized (this) {
            changes = new ArrayList<>(retry);
            while (changes.size() < max && !queue.isEmpty()) {
                changes.add(queue.poll());
            }
            retry = List.of();
        }
        List<WatchEventStream.Positioned> events = new ArrayList<>(retryWatches);
        retryWatches = List.of();
        long next = watchPosition;
        if (changes.size() + events.size() < max) {
            WatchEventStream.Batch batch = watches.poll(watchPosition, max - changes.size() - events.size());
            events.addAll(batch.events());
            next = batch.next();
        }
        events.removeIf(e -> hub.isErased(e.event().viewer()));
        try {
            count(changes, events);
        } catch (RuntimeException e) {
            synchronized (this) {
                retry = changes;
            }
            retryWatches = events;
            watchPosition = Math.max(watchPosition, next);
            throw e;
        }
        watchPosition = Math.max(watchPosition, next);
        List<Fact> facts = new ArrayList<>(changes.size() + events.size());
        List<Fact> forgets = new ArrayList<>();
        for (FactHub.CatalogChange change : changes) {
            switch (change) {
                case FactHub.VideoFact v -> facts.add(video(v));
                case FactHub.CatalogChange.Withdrawn w -> facts.add(new Fact.VideoWithdrawn(w.videoId()));
                case FactHub.CatalogChange.Follow f -> facts.add(new Fact.Followed(
                        pseudonyms.of(new SubjectId(f.follower())), pseudonyms.of(new SubjectId(f.author())),
                        f.following()));
                case FactHub.CatalogChange.Forget f -> forgets.add(new Fact.Forgotten(
                        pseudonyms.of(new SubjectId(f.user()))));
            }
        }
        for (WatchEventStream.Positioned p : events) {
            facts.add(watched(p.event()));
        }
        facts.addAll(forgets);
        return new Batch(facts, watchPosition, !watches.replaying());
    }

    /** Counts the plaintext this batch hands over without the vault having opened it: one statement per column. */
    private void count(List<FactHub.CatalogChange> changes, List<WatchEventStream.Positioned> events) {
        Map<SubjectId, Long> watchers = new HashMap<>();
        for (WatchEventStream.Positioned p : events) {
            if (!p.counted()) {
                watchers.merge(new SubjectId(p.event().viewer()), 1L, Long::sum);
            }
        }
        Map<SubjectId, Long> followees = new HashMap<>();
        for (FactHub.CatalogChange change : changes) {
            if (change instanceof FactHub.CatalogChange.Follow f) {
                followees.merge(new SubjectId(f.author()), 1L, Long::sum);
            }
        }
        if (!watchers.isEmpty()) {
            vault.noteServiceReads(WatchEventReplay.RECOMMENDER, WatchEvents.EVENT, watchers);
        }
        if (!followees.isEmpty()) {
            vault.noteServiceReads(WatchEventReplay.RECOMMENDER, SocialStore.FOLLOWER, followees);
        }
    }

    private Fact video(FactHub.VideoFact v) {
        List<String> tags = new ArrayList<>();
        for (String tag : v.publicTags()) {
            int bytes = tag.getBytes(StandardCharsets.UTF_8).length;
            if (tags.size() < Protocol.MAX_TAGS && bytes >= 1 && bytes <= Protocol.MAX_TAG_BYTES) {
                tags.add(tag);
            }
        }
        return new Fact.VideoPublished(v.id(), pseudonyms.of(new SubjectId(v.author())), v.durationMs(),
                v.createdAt().toEpochMilli(), v.visibility() == Visibility.FOLLOWERS ? Audience.FOLLOWERS
                : Audience.PUBLIC, tags);
    }

    private Fact watched(StoredWatch w) {
        int flags = (w.completed() ? Fact.Watched.COMPLETED : 0) | (w.skipped() ? Fact.Watched.SKIPPED : 0)
                | (w.notInterested() ? Fact.Watched.NOT_INTERESTED : 0);
        return new Fact.Watched(pseudonyms.of(new SubjectId(w.viewer())), w.videoId(), w.at().toEpochMilli(),
                w.watchedMs(), w.durationMs(), flags, 0);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        hub.unsubscribe(this);
    }
}

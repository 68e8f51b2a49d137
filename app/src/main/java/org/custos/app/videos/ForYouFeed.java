package org.custos.app.videos;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.custos.app.foryou.FactFeed;
import org.custos.app.foryou.Ranking;
import org.custos.app.foryou.RankingPort;
import org.custos.app.foryou.ReleaseHeader;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * For You as the app runs it: the owner's algorithm behind a {@link RankingPort} when one is attached and answers,
 * the app's {@link PopularityFeed} otherwise, and the hand-off of every fact to the algorithm's subscriptions
 * ({@link FactHub}) once it has committed.
 */
final class ForYouFeed {
    /** What {@code Custos-Release} names for a page the app's own popularity feed served. */
    static final String POPULARITY = "popularity";

    private final FactHub facts;
    private final PopularityFeed popularity;
    private final Clock clock;
    private volatile RankingPort ranking = RankingPort.NONE;
    private volatile ReleaseHeader header = ReleaseHeader.NONE;

    ForYouFeed(DataSource dataSource, Vault vault, Clock clock) {
        this.facts = new FactHub(dataSource, vault, clock);
        this.popularity = new PopularityFeed(dataSource, clock);
        this.clock = clock;
    }

    /** Where the owner's algorithm answers from now on, and how to name what served a page. */
    void attach(RankingPort port, ReleaseHeader releaseHeader) {
        this.ranking = Objects.requireNonNull(port, "port");
        this.header = Objects.requireNonNull(releaseHeader, "releaseHeader");
    }

    FactFeed facts() {
        return facts;
    }

    FactHub hub() {
        return facts;
    }

    /** A page of candidates, before the visibility rule: the algorithm's, or popular videos. */
    record Candidates(List<Long> videoIds, String servedBy) {
    }

    Candidates candidates(long viewer, int count) {
        Optional<Ranking> answer;
        try {
            answer = ranking.rank(new SubjectId(viewer), clock.instant(), count);
        } catch (RuntimeException e) {
            // The port promises not to throw; if it does, the feed still serves.
            answer = Optional.empty();
        }
        if (answer.isPresent() && !answer.get().videoIds().isEmpty()) {
            return new Candidates(answer.get().videoIds(), answer.get().release());
        }
        return new Candidates(popularity.page(viewer, count, List.of()), POPULARITY);
    }

    /** Popular videos to fill a page the algorithm left short, none of {@code present} nor the viewer's own. */
    List<Long> topUp(long viewer, int count, List<Long> present) {
        return popularity.page(viewer, count, present);
    }

    /** The {@code Custos-Release} value for a page served by {@code servedBy}. */
    String releaseHeader(String servedBy) {
        return header.value(servedBy);
    }

    /**
     * Stores a viewer's batch through {@code store} and, once it has committed, hands the new events to every
     * subscription; returns what {@code store} returned.
     */
    Map<UUID, WatchEvents.Added> ingest(long viewer, List<WatchEvents.Watch> batch,
                                        Supplier<Map<UUID, WatchEvents.Added>> store) {
        FactHub.Tickets tickets = facts.begin();
        Map<UUID, WatchEvents.Added> added;
        try {
            added = store.get();
        } catch (RuntimeException e) {
            facts.abandon(tickets);
            throw e;
        }
        List<WatchEventStream.Positioned> events = new ArrayList<>(added.size());
        List<Long> videos = new ArrayList<>(added.size());
        for (WatchEvents.Watch w : batch) {
            WatchEvents.Added a = added.get(w.clientId());
            if (a != null) {
                events.add(new WatchEventStream.Positioned(a.position(), StoredWatch.of(viewer, w, a.durationMs()),
                        false));
                videos.add(w.videoId());
            }
        }
        facts.handOff(tickets, events);
        popularity.watched(viewer, videos);
        return added;
    }

    void published(FactHub.VideoFact video) {
        facts.published(video);
    }

    void withdrawn(long videoId) {
        facts.withdrawn(videoId);
    }

    void followed(long follower, long author, boolean following) {
        facts.followed(follower, author, following);
    }

    void erased(long user, List<Long> videos) {
        facts.erased(user, videos);
        popularity.forget(user);
    }

    Instant now() {
        return clock.instant();
    }
}

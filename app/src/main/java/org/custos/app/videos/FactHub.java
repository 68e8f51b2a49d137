package org.custos.app.videos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.custos.app.foryou.FactFeed;
import org.custos.app.foryou.FactSubscription;
import org.custos.vault.EnginePseudonyms;
import org.custos.vault.Vault;

/**
 * The For You feed's facts, fanned out to every subscribed algorithm instance (usually one; two while a new
 * release warms up beside the serving one). The app's routes report what changed after it committed: a video
 * published or withdrawn, a follow edge, an erasure, a batch of watch events; each subscription turns them into
 * the algorithm's pseudonymous facts when it is polled.
 *
 * <p>Why ingestion holds a read lock from {@link #begin} to {@link #handOff}: a subscription created while a
 * batch's statement runs would hold no ticket for it, and its replay could pass the batch's rows before they
 * commit; it would never see them. {@link #subscribe} takes the write lock, so it waits for batches in flight and
 * every later batch finds it registered.
 */
final class FactHub implements FactFeed {
    /** How long an erased account's in-flight events are still recognised and dropped. */
    static final Duration ERASED_MEMORY = Duration.ofMinutes(10);

    private final DataSource dataSource;
    private final Vault vault;
    private final Clock clock;
    private final Set<HubSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Map<Long, Instant> erased = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock registration = new ReentrantReadWriteLock();
    private final List<Runnable> erasureListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    FactHub(DataSource dataSource, Vault vault, Clock clock) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public FactSubscription subscribe(EnginePseudonyms pseudonyms, long afterWatchPosition) {
        if (afterWatchPosition < 0) {
            throw new IllegalArgumentException("a watch position is not negative, got " + afterWatchPosition);
        }
        registration.writeLock().lock();
        try {
            HubSubscription subscription = new HubSubscription(this, dataSource, vault, pseudonyms,
                    afterWatchPosition);
            subscriptions.add(subscription);
            return subscription;
        } finally {
            registration.writeLock().unlock();
        }
    }

    @Override
    public void onErasure(Runnable listener) {
        erasureListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    void unsubscribe(HubSubscription subscription) {
        subscriptions.remove(subscription);
    }

    /** A visible video was uploaded (or imported); private videos never reach the algorithm. */
    void published(VideoFact video) {
        if (video.visibility() != Visibility.PRIVATE) {
            subscriptions.forEach(s -> s.enqueue(video));
        }
    }

    void withdrawn(long videoId) {
        subscriptions.forEach(s -> s.enqueue(new CatalogChange.Withdrawn(videoId)));
    }

    void followed(long follower, long author, boolean following) {
        subscriptions.forEach(s -> s.enqueue(new CatalogChange.Follow(follower, author, following)));
    }

    /** The account was erased with its videos: every subscription withdraws them and forgets the member. */
    void erased(long user, List<Long> videos) {
        Instant now = clock.instant();
        erased.put(user, now);
        erased.values().removeIf(at -> at.isBefore(now.minus(ERASED_MEMORY)));
        for (HubSubscription s : subscriptions) {
            videos.forEach(v -> s.enqueue(new CatalogChange.Withdrawn(v)));
            s.enqueue(new CatalogChange.Forget(user));
        }
        erasureListeners.forEach(Runnable::run);
    }

    boolean isErased(long user) {
        return erased.containsKey(user);
    }

    /** Tickets of one ingestion, one per subscription; hand them to {@link #handOff} or {@link #abandon}. */
    record Tickets(List<HubSubscription> subscriptions, List<WatchEventStream.Ticket> tickets) {
    }

    Tickets begin() {
        registration.readLock().lock();
        List<HubSubscription> held = new ArrayList<>(subscriptions);
        List<WatchEventStream.Ticket> tickets = new ArrayList<>(held.size());
        for (HubSubscription s : held) {
            tickets.add(s.watches().begin());
        }
        return new Tickets(held, tickets);
    }

    /** The committed batch's new events (plaintext from the request: counted when a subscription hands them on). */
    void handOff(Tickets tickets, List<WatchEventStream.Positioned> events) {
        try {
            for (int i = 0; i < tickets.subscriptions().size(); i++) {
                tickets.subscriptions().get(i).watches().handOff(tickets.tickets().get(i), events);
            }
        } finally {
            registration.readLock().unlock();
        }
    }

    void abandon(Tickets tickets) {
        try {
            for (int i = 0; i < tickets.subscriptions().size(); i++) {
                tickets.subscriptions().get(i).watches().abandon(tickets.tickets().get(i));
            }
        } finally {
            registration.readLock().unlock();
        }
    }

    /** A change of the catalogue the algorithm keeps, in account ids (subscriptions pseudonymise). */
    sealed interface CatalogChange {
        record Withdrawn(long videoId) implements CatalogChange {
        }

        record Follow(long follower, long author, boolean following) implements CatalogChange {
        }

        record Forget(long user) implements CatalogChange {
        }
    }

    /** A video as the algorithm may know it: public metadata only, tags only of public videos. */
    record VideoFact(long id, long author, long durationMs, Instant createdAt, Visibility visibility,
                     List<String> publicTags) implements CatalogChange {
        VideoFact {
            publicTags = List.copyOf(publicTags);
        }
    }
}

package org.custos.app.videos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.FeedRequest;
import org.custos.recsys.ForYouEngine;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.PopularityRecommender;
import org.custos.recsys.Recommendation;
import org.custos.recsys.Recommender;
import org.custos.recsys.VisibilityFilter;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * The recommender behind For You as the app runs it, and the hand-off of watch events to it.
 *
 * <p>With {@link RecommenderSettings.Engine#FOR_YOU} it is the {@link ForYouEngine}, learning from a
 * {@link WatchEventStream}: snapshots go to the settings' state directory (every 5 minutes and at
 * {@link #close()}), and on start the newest is restored and the stored events since its position are replayed.
 * With {@link RecommenderSettings.Engine#POPULARITY} it is the {@link PopularityRecommender}, fed in-process.
 *
 * <p>Either way, the recommender sees the plaintext of each new watch event once its batch has committed; that
 * view is a read of PROTECTED data by the service principal {@code recommender}, so it is noted in the vault's
 * service-read count (one note per batch) before the events are handed over.
 */
final class ForYouFeed implements AutoCloseable {
    /** How fast popularity fades in the popularity feed. */
    private static final Duration POPULARITY_HALF_LIFE = Duration.ofHours(6);
    /** Events the live queue holds before the stream falls back to reading the table. */
    private static final int LIVE_QUEUE = 1_000_000;

    private final Recommender recommender;
    private final Vault vault;
    private final Optional<WatchEventStream> stream;
    private final Optional<ForYouEngine> engine;

    private ForYouFeed(Recommender recommender, Vault vault, Optional<WatchEventStream> stream,
                       Optional<ForYouEngine> engine) {
        this.recommender = recommender;
        this.vault = vault;
        this.stream = stream;
        this.engine = engine;
    }

    /** The engine's aggregate training measurements; empty when the popularity recommender serves. */
    Optional<org.custos.recsys.TrainingTelemetry> telemetry() {
        return engine.map(ForYouEngine::telemetry);
    }

    /**
     * Opens the configured recommender; the For You engine restores its state before this returns and replays
     * the events since its snapshot in the background.
     *
     * @throws UncheckedIOException when the engine's state directory cannot be created or read
     */
    static ForYouFeed open(RecommenderSettings settings, DataSource dataSource, Vault vault, Identities identities,
                           StoreCatalog catalog, Clock clock) {
        VisibilityFilter visibility = VisibilityFilter.standard(catalog);
        return switch (settings.engine()) {
            case POPULARITY -> new ForYouFeed(new PopularityRecommender(catalog, visibility, POPULARITY_HALF_LIFE),
                    vault, Optional.empty(), Optional.empty());
            case FOR_YOU -> {
                WatchEventStream stream = new WatchEventStream(
                        new WatchEventReplay(dataSource, vault, identities, catalog), LIVE_QUEUE);
                try {
                    ForYouEngine engine = ForYouEngine.open(catalog, visibility,
                            EngineConfig.defaults(settings.seed(), ZoneOffset.UTC), stream,
                            settings.stateDirectory(), clock);
                    yield new ForYouFeed(engine, vault, Optional.of(stream), Optional.of(engine));
                } catch (IOException e) {
                    throw new UncheckedIOException("the For You engine cannot open its state directory "
                            + settings.stateDirectory(), e);
                }
            }
        };
    }

    List<Recommendation> recommend(FeedRequest request) {
        return recommender.recommend(request);
    }

    /**
     * Stores a viewer's batch through {@code store} and, once it has committed, hands the new events to the
     * recommender; returns what {@code store} returned.
     */
    Map<UUID, WatchEvents.Added> ingest(long viewer, List<WatchEvents.Watch> batch,
                                        Supplier<Map<UUID, WatchEvents.Added>> store) {
        Optional<WatchEventStream.Ticket> ticket = stream.map(WatchEventStream::begin);
        Map<UUID, WatchEvents.Added> added;
        try {
            added = store.get();
        } catch (RuntimeException e) {
            ticket.ifPresent(t -> stream.orElseThrow().abandon(t));
            throw e;
        }
        List<WatchEventStream.Positioned> events = new ArrayList<>(added.size());
        for (WatchEvents.Watch w : batch) {
            WatchEvents.Added a = added.get(w.clientId());
            if (a != null) {
                events.add(new WatchEventStream.Positioned(a.position(), InteractionEvent.ofWatch(viewer,
                        w.videoId(), w.at(), w.watchedMs(), a.durationMs(), false, w.notInterested(), false, 0,
                        StoreCatalog.REGION)));
            }
        }
        try {
            if (!events.isEmpty()) {
                vault.noteServiceRead(WatchEventReplay.RECOMMENDER, WatchEvents.EVENT, new SubjectId(viewer),
                        events.size());
            }
        } catch (RuntimeException e) {
            // Fail closed: no plaintext reaches the recommender unaccounted. The stored rows stay in the table.
            ticket.ifPresent(t -> stream.orElseThrow().abandon(t));
            throw e;
        }
        if (ticket.isPresent()) {
            stream.orElseThrow().handOff(ticket.get(), events);
        } else {
            recommender.accept(events.stream().map(WatchEventStream.Positioned::event).toList());
        }
        return added;
    }

    @Override
    public void close() {
        engine.ifPresent(ForYouEngine::close);
    }
}

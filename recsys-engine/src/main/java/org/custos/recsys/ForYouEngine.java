package org.custos.recsys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.custos.recsys.snapshot.SnapshotStore;
import org.custos.recsys.training.OnlineEngine;

/**
 * The For You engine: candidates from learned embeddings (HNSW), followed creators, co-engagement with the
 * viewer's recent long views, regional trending and fresh uploads; a multi-task ranking model learnt online from the event stream; page rules last.
 *
 * <p>One platform thread (the trainer) polls the {@link EventSource} from the last learnt position, learns each
 * batch, publishes the changed rows to the serving model, rebuilds the embedding index every
 * {@link EngineConfig#indexRebuildEvery()} and, with a snapshot folder, writes a snapshot every
 * {@link EngineConfig#snapshotEvery()} (and on {@link #close()}). Requests run on the caller's threads (virtual
 * threads in the app) and only read the serving side, so they never wait for training. On start the newest intact
 * snapshot is restored and the stream is replayed from its position: a crash loses nothing the source still holds.
 */
public final class ForYouEngine implements Recommender, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ForYouEngine.class.getName());
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final double LOSS_HORIZON_EVENTS = 10_000;

    private final OnlineEngine engine;
    private final EventSource source;
    private final EngineConfig config;
    private final InstantSource clock;
    private final Optional<SnapshotStore> snapshots;
    private final Thread trainer;
    private volatile boolean stopping;
    private volatile long learntPosition;
    private volatile Instant lastPublished;
    private volatile Optional<Lineage> lastSnapshot;
    private volatile Optional<String> failure = Optional.empty();
    private volatile long eventsLearnt;
    private volatile double progressiveLoss;

    private ForYouEngine(Catalog catalog, VisibilityFilter visibility, EngineConfig config, EventSource source,
                         Optional<Path> snapshotDirectory, InstantSource clock) throws IOException {
        this.engine = new OnlineEngine(catalog, visibility, config);
        this.source = source;
        this.config = config;
        this.clock = clock;
        this.snapshots = snapshotDirectory.isPresent()
                ? Optional.of(new SnapshotStore(snapshotDirectory.get(), 3)) : Optional.empty();
        this.lastSnapshot = snapshots.isPresent() ? snapshots.get().restoreLatest(engine::readFrom) : Optional.empty();
        snapshots.ifPresent(s -> s.skipped().forEach(f -> LOG.warning("skipped damaged snapshot " + f)));
        this.learntPosition = lastSnapshot.map(Lineage::position).orElse(0L);
        this.lastPublished = clock.instant();
        this.trainer = Thread.ofPlatform().name("recsys-trainer").daemon().unstarted(this::train);
    }

    /**
     * An engine fed through {@link #accept} (an in-memory stream), without snapshots. Starts its trainer.
     */
    public static ForYouEngine inMemory(Catalog catalog, VisibilityFilter visibility, EngineConfig config,
                                        InstantSource clock) {
        try {
            return start(new ForYouEngine(catalog, visibility, config, new InMemoryEventLog(), Optional.empty(),
                    clock));
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory engine does no I/O", e);
        }
    }

    /**
     * An engine that learns from {@code source} and snapshots to {@code snapshotDirectory}, restoring the newest
     * snapshot there first and replaying the source from its position. Starts its trainer.
     *
     * @throws IOException when the folder cannot be created or read
     */
    public static ForYouEngine open(Catalog catalog, VisibilityFilter visibility, EngineConfig config,
                                    EventSource source, Path snapshotDirectory, InstantSource clock)
            throws IOException {
        Objects.requireNonNull(snapshotDirectory, "snapshotDirectory");
        return start(new ForYouEngine(catalog, visibility, config, source, Optional.of(snapshotDirectory), clock));
    }

    private static ForYouEngine start(ForYouEngine engine) {
        engine.trainer.start();
        return engine;
    }

    @Override
    public List<Recommendation> recommend(FeedRequest request) {
        Objects.requireNonNull(request, "request");
        return engine.recommend(request);
    }

    /**
     * Appends events to the engine's in-memory stream.
     *
     * @throws IllegalStateException when the engine reads an external {@link EventSource}: publish there instead
     */
    @Override
    public void accept(List<InteractionEvent> events) {
        if (!(source instanceof InMemoryEventLog log)) {
            throw new IllegalStateException("this engine learns from its EventSource; publish events there");
        }
        log.append(events);
    }

    public EngineHealth health() {
        return new EngineHealth(trainer.isAlive() && !stopping, learntPosition,
                engine.servingModel().version(), lastPublished, lastSnapshot, failure);
    }

    /** Aggregate training measurements (counts and a progressive loss), for the model-telemetry egress flow. */
    public TrainingTelemetry telemetry() {
        long rows;
        synchronized (engine) {
            rows = engine.trainingModel().table().size();
        }
        return new TrainingTelemetry(eventsLearnt, progressiveLoss, rows, engine.servingModel().version());
    }

    /** Folds a batch's mean pre-step loss into a decaying average weighted by the batch's size. */
    private void recordLoss(double meanLoss, int events) {
        double keep = Math.pow(1 - 1.0 / LOSS_HORIZON_EVENTS, events);
        progressiveLoss = eventsLearnt == 0 ? meanLoss : keep * progressiveLoss + (1 - keep) * meanLoss;
        eventsLearnt += events;
    }

    /** Writes a snapshot now (from the caller's thread, between training steps); returns its lineage. */
    public Lineage snapshot() throws IOException {
        SnapshotStore store = snapshots.orElseThrow(
                () -> new IllegalStateException("this engine has no snapshot folder"));
        synchronized (engine) {
            Lineage lineage = engine.lineage(learntPosition);
            store.write(lineage, engine::writeTo);
            lastSnapshot = Optional.of(lineage);
            return lineage;
        }
    }

    /** Stops the trainer after its current batch and, with a snapshot folder, writes a final snapshot. */
    @Override
    public void close() {
        stopping = true;
        // Not an interrupt: an interrupted Lucene index build aborts with an exception, which would count as a
        // trainer failure and skip the final snapshot. The trainer sees the flag within one step or idle park.
        java.util.concurrent.locks.LockSupport.unpark(trainer);
        try {
            trainer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (snapshots.isPresent() && failure.isEmpty()) {
            try {
                snapshot();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "final snapshot failed; the next start replays from the previous one", e);
            }
        }
    }

    private void train() {
        Instant lastIndex = Instant.MIN;
        Instant lastSnapshotAt = clock.instant();
        try {
            while (!stopping) {
                EventSource.Batch batch = source.poll(learntPosition, config.batchSize());
                if (!batch.events().isEmpty()) {
                    synchronized (engine) {
                        double loss = engine.learn(batch.events());
                        learntPosition = batch.next();
                        recordLoss(loss, batch.events().size());
                    }
                    lastPublished = clock.instant();
                }
                Instant now = clock.instant();
                if (!now.isBefore(lastIndex.plus(config.indexRebuildEvery()))) {
                    engine.rebuildIndex();
                    lastIndex = now;
                }
                if (!now.isBefore(lastSnapshotAt.plus(config.snapshotEvery()))) {
                    // expiry runs with or without a snapshot folder: it is what keeps memory bounded
                    synchronized (engine) {
                        engine.expire();
                    }
                    if (snapshots.isPresent()) {
                        snapshot();
                    }
                    lastSnapshotAt = now;
                }
                if (batch.events().isEmpty()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(IDLE_PARK_NANOS);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            LOG.log(Level.SEVERE, "the trainer stopped; serving continues with the last published model", e);
        }
    }
}

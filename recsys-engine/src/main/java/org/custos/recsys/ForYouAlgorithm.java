package org.custos.recsys;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.custos.recsys.api.Algorithm;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.Origin;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.api.Telemetry;
import org.custos.recsys.training.OnlineEngine;

/**
 * The For You engine behind the custodian's contract: the {@link Algorithm} the engine's process serves
 * ({@link EngineMain}). It is the {@link OnlineEngine} of the in-process {@link ForYouEngine} over a
 * {@link FactCatalog} built from the facts alone, so nothing reaches back into the app.
 *
 * <h2>Facts</h2>
 * {@link #learn} takes facts in the host's order. Watches become {@link InteractionEvent}s (the contract's
 * pseudonyms as user ids; play labels by the published rules, {@link InteractionEvent#ofWatch}, from the fact's
 * play time and duration; liked, not interested and followed author from its flags; its surface; region
 * {@value FactCatalog#REGION}) and are learnt in steps of {@link EngineConfig#batchSize()}, each published to
 * serving as the in-process trainer does. A video fact first learns the watches before it, so each watch is learnt
 * with the catalogue as it was when the watch came; follows are no feature of the model, so they apply at once.
 * {@link Fact.Forgotten} is an erasure (below). The completion and skip flags are not used: the labels follow from
 * play time and length, as for every stored watch.
 *
 * <h2>Maintenance</h2>
 * A daemon thread keeps the in-process trainer's cadence on the wall clock: it rebuilds the embedding index every
 * {@link EngineConfig#indexRebuildEvery()} when the serving model changed (without holding up learning), and every
 * {@link EngineConfig#snapshotEvery()} expires stale rows (as the trainer does, snapshot folder or not: that is what
 * bounds memory). If it fails, the next {@link #learn} throws, which ends the process so that the host restarts it.
 *
 * <h2>Snapshots and the host's restart sequence</h2>
 * At every start the host sends: the newest snapshot ({@link #restore}), then every current video and follow edge
 * (facts), then the watch facts stored since the snapshot. So the catalogue is NOT in the snapshot and a restore
 * leaves the catalogue as it is: a video withdrawn or an edge removed while the engine was down is simply not
 * re-sent, and a snapshot that held it would bring it back. What the host does not re-send and the engine still
 * needs is in the snapshot: the model with its optimiser state, histories and counts ({@link OnlineEngine#writeTo})
 * and the authors and tags whose cross rows a later erasure must find ({@link CrossPartners}). Format:
 * <pre>
 *   "CUSTOSFY"              8 bytes
 *   format                  i32 (1)
 *   code version            modified UTF-8 ({@link OnlineEngine#CODE_VERSION}); another version is refused
 *   engine state            {@link OnlineEngine#writeTo}
 *   cross partners          {@link CrossPartners#writeTo}
 *   SHA-256 of the above    32 bytes
 * </pre>
 * A restore reads into a fresh engine and swaps it in only when the whole stream parsed and its digest matched,
 * so a truncated or damaged snapshot fails the restore and leaves the running state alone. Lineage is the
 * engine's {@link Lineage} (events, window, digest chain) without the stream position, which is the host's.
 *
 * <h2>Erasure</h2>
 * {@link Fact.Forgotten} drops at once every model row keyed by the member, with its optimiser state (see
 * {@link OnlineEngine#forget}), its watch history, co-engagement window and cached attributes, its follow edges
 * both ways and the videos it authored; a snapshot written afterwards holds none of them. It cannot undo what the
 * member's events did to shared parameters (video, author, tag and context rows, pair weights, biases) or to
 * per-video counts, and the lineage still counts its events: removing those takes retraining without them. A
 * snapshot written before the erasure still holds the member: the host replaces them (see {@link Fact.Forgotten})
 * and MUST NOT restore one without re-sending the erasures made since.
 *
 * <h2>Threads</h2>
 * {@link #learn}, {@link #writeSnapshot} and {@link #restore} come from the server's learner thread; model changes
 * (learning, erasure, expiry, the swap after a restore) hold one lock, which ranking never takes. {@link #rank}
 * and {@link #telemetry} read the serving side and volatile counters only, so they never wait for learning.
 */
public final class ForYouAlgorithm implements Algorithm {

    private static final Logger LOG = Logger.getLogger(ForYouAlgorithm.class.getName());
    private static final byte[] MAGIC = "CUSTOSFY".getBytes(StandardCharsets.US_ASCII);
    private static final int FORMAT = 1;
    private static final double LOSS_HORIZON_EVENTS = 10_000;
    private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EngineConfig config;
    private final InstantSource clock;
    private final FactCatalog catalog = new FactCatalog();
    private final VisibilityFilter visibility = VisibilityFilter.standard(catalog);
    /** Held by every change of the model: learning, erasure, expiry, snapshots and the swap of a restore. */
    private final Object lock = new Object();
    private volatile OnlineEngine engine;
    /** Under {@link #lock}. */
    private CrossPartners partners = new CrossPartners();
    private final List<InteractionEvent> pending;
    private final Thread maintenance;
    private volatile boolean stopping;
    private volatile Throwable failure;
    private volatile long eventsLearnt;
    private volatile double progressiveLoss;
    private volatile long rows;

    /** An empty engine with these settings, on the system clock; starts its maintenance thread. */
    public ForYouAlgorithm(EngineConfig config) {
        this(config, InstantSource.system());
    }

    ForYouAlgorithm(EngineConfig config, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.engine = new OnlineEngine(catalog, visibility, config);
        this.pending = new ArrayList<>(config.batchSize());
        this.maintenance = Thread.ofPlatform().name("for-you-maintenance").daemon().start(this::maintain);
    }

    @Override
    public void learn(List<Fact> facts) {
        Throwable failed = failure;
        if (failed != null) {
            throw new IllegalStateException("the engine's maintenance failed; restart the engine", failed);
        }
        for (Fact fact : facts) {
            switch (fact) {
                case Fact.Watched w -> {
                    pending.add(event(w));
                    if (pending.size() >= config.batchSize()) {
                        flush();
                    }
                }
                case Fact.VideoPublished p -> {
                    flush();
                    catalog.publish(p);
                }
                case Fact.VideoWithdrawn w -> {
                    flush();
                    withdraw(w.video());
                }
                case Fact.Followed f -> catalog.follow(f);
                case Fact.Forgotten f -> {
                    flush();
                    forget(f.member());
                }
            }
        }
        flush();
    }

    /** The watch as the model learns it. */
    static InteractionEvent event(Fact.Watched w) {
        return InteractionEvent.ofWatch(w.viewer(), w.video(), Instant.ofEpochMilli(w.atMs()), w.watchedMs(),
                w.durationMs(), w.has(Fact.Watched.LIKED), w.has(Fact.Watched.NOT_INTERESTED),
                w.has(Fact.Watched.FOLLOWED_AUTHOR), w.surface(), FactCatalog.REGION);
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        synchronized (lock) {
            OnlineEngine current = engine;
            double loss = current.learn(pending);
            recordLoss(loss, pending.size());
            rows = current.trainingModel().table().size();
        }
        pending.clear();
    }

    /** Folds a batch's mean pre-step loss into a decaying average weighted by the batch's size. */
    private void recordLoss(double meanLoss, int events) {
        double keep = Math.pow(1 - 1.0 / LOSS_HORIZON_EVENTS, events);
        progressiveLoss = eventsLearnt == 0 ? meanLoss : keep * progressiveLoss + (1 - keep) * meanLoss;
        eventsLearnt += events;
    }

    private void withdraw(long videoId) {
        synchronized (lock) {
            catalog.withdraw(videoId).ifPresent(video -> {
                engine.withdraw(videoId);
                partners.retire(video, engine.latestEventMs());
            });
        }
    }

    private void forget(long member) {
        synchronized (lock) {
            OnlineEngine current = engine;
            // the model first, while the catalogue still holds the member's videos and its history's authors
            int dropped = current.forget(member, partners.authors(catalog), partners.tags(catalog));
            for (Video video : catalog.forget(member)) {
                current.withdraw(video.id());
                partners.retire(video, current.latestEventMs());
            }
            partners.forget(member);
            rows = current.trainingModel().table().size();
            LOG.fine(() -> "erased a member: " + dropped + " model rows dropped");
        }
    }

    @Override
    public List<RankedVideo> rank(RankQuery query) {
        List<Recommendation> page = engine.recommend(new FeedRequest(Viewer.member(query.viewer()),
                FactCatalog.REGION, query.count(), Instant.ofEpochMilli(query.atMs())));
        List<RankedVideo> out = new ArrayList<>(page.size());
        for (Recommendation r : page) {
            out.add(new RankedVideo(r.videoId(), finite(r.score()), origin(r.source())));
        }
        return out;
    }

    private static float finite(double score) {
        float f = (float) score;
        return Float.isFinite(f) ? f : Float.MAX_VALUE;
    }

    static Origin origin(CandidateOrigin source) {
        return switch (source) {
            case EMBEDDING -> Origin.EMBEDDING;
            case FOLLOWED -> Origin.FOLLOWED;
            case CO_ENGAGED -> Origin.CO_ENGAGED;
            case TRENDING -> Origin.TRENDING;
            case FRESH -> Origin.FRESH;
            case POPULAR -> Origin.POPULAR;
        };
    }

    @Override
    public org.custos.recsys.api.Lineage writeSnapshot(OutputStream out) throws IOException {
        MessageDigest sha = sha256();
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        DigestOutputStream digesting = new DigestOutputStream(buffered, sha);
        DataOutputStream data = new DataOutputStream(digesting);
        synchronized (lock) {
            OnlineEngine current = engine;
            data.write(MAGIC);
            data.writeInt(FORMAT);
            data.writeUTF(OnlineEngine.CODE_VERSION);
            current.writeTo(data);
            partners.writeTo(data, catalog, current.latestEventMs());
            data.flush();
            digesting.on(false);
            buffered.write(sha.digest());
            buffered.flush(); // not closed: the stream is the caller's
            return contract(current.lineage(0));
        }
    }

    @Override
    public org.custos.recsys.api.Lineage restore(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        DigestInputStream digesting = new DigestInputStream(new BufferedInputStream(in, 1 << 16), sha);
        DataInputStream data = new DataInputStream(digesting);
        byte[] magic = new byte[MAGIC.length];
        data.readFully(magic);
        int format = data.readInt();
        if (!Arrays.equals(magic, MAGIC) || format != FORMAT) {
            throw new IOException("not a For You snapshot of format " + FORMAT + "; replay the facts instead");
        }
        String code = data.readUTF();
        if (!code.equals(OnlineEngine.CODE_VERSION)) {
            throw new IOException("a snapshot of " + code + ", this engine is " + OnlineEngine.CODE_VERSION
                    + "; replay the facts instead");
        }
        OnlineEngine restored = new OnlineEngine(catalog, visibility, config);
        restored.readFrom(data);
        CrossPartners restoredPartners = CrossPartners.readFrom(data);
        digesting.on(false);
        byte[] expected = sha.digest();
        byte[] trailer = new byte[expected.length];
        data.readFully(trailer);
        if (!MessageDigest.isEqual(expected, trailer) || data.read() != -1) {
            throw new IOException("the snapshot is damaged (its digest does not match); nothing was restored");
        }
        synchronized (lock) {
            engine = restored;
            partners = restoredPartners;
            rows = restored.trainingModel().table().size();
            return contract(restored.lineage(0));
        }
    }

    @Override
    public Telemetry telemetry() {
        return new Telemetry(eventsLearnt, progressiveLoss, rows, engine.servingModel().version());
    }

    /** Stops the maintenance thread (after an index build it is in, if any); writes nothing. */
    @Override
    public void close() {
        stopping = true;
        // not an interrupt: an interrupted Lucene index build aborts with an exception (as in ForYouEngine)
        LockSupport.unpark(maintenance);
        try {
            maintenance.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The catalogue the facts built (for tests). */
    FactCatalog catalog() {
        return catalog;
    }

    /** The engine serving now. */
    OnlineEngine engine() {
        return engine;
    }

    /** Rebuilds the embedding index now, as the maintenance thread does on its period. */
    void rebuildIndex() {
        engine.rebuildIndex();
    }

    private void maintain() {
        Instant lastIndex = Instant.MIN; // the first build at once, as the in-process trainer does
        Instant lastExpiry = clock.instant();
        OnlineEngine indexed = null;
        long indexedVersion = -1;
        try {
            while (!stopping) {
                Instant now = clock.instant();
                if (!now.isBefore(lastIndex.plus(config.indexRebuildEvery()))) {
                    OnlineEngine current = engine;
                    long version = current.servingModel().version();
                    if (current != indexed || version != indexedVersion) {
                        current.rebuildIndex();
                        indexed = current;
                        indexedVersion = version;
                    }
                    lastIndex = now;
                }
                if (!now.isBefore(lastExpiry.plus(config.snapshotEvery()))) {
                    synchronized (lock) {
                        OnlineEngine current = engine;
                        current.expire();
                        partners.prune(current.latestEventMs(), config.model().rowTtl());
                        rows = current.trainingModel().table().size();
                    }
                    lastExpiry = now;
                }
                long untilIndex = Duration.between(now, lastIndex.plus(config.indexRebuildEvery())).toNanos();
                long untilExpiry = Duration.between(now, lastExpiry.plus(config.snapshotEvery())).toNanos();
                LockSupport.parkNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                        Math.min(MAX_PARK_NANOS, Math.min(untilIndex, untilExpiry))));
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.log(Level.SEVERE, "the engine's maintenance failed; serving continues, learning stops", e);
        }
    }

    private static org.custos.recsys.api.Lineage contract(Lineage lineage) {
        boolean none = lineage.events() == 0;
        return new org.custos.recsys.api.Lineage(none ? 0 : lineage.firstEvent().toEpochMilli(),
                none ? 0 : lineage.lastEvent().toEpochMilli(), lineage.events(), lineage.positives(),
                lineage.dataDigest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}

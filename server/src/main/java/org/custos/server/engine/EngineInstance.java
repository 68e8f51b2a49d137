package org.custos.server.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.custos.app.foryou.FactFeed;
import org.custos.app.foryou.FactSubscription;
import org.custos.recsys.api.AlgorithmFailedException;
import org.custos.recsys.api.EngineClient;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.FrameTap;
import org.custos.recsys.api.Lineage;
import org.custos.recsys.api.ProtocolViolationException;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.api.Telemetry;
import org.custos.release.AdmittedRelease;
import org.custos.vault.AuditUnavailableException;
import org.custos.vault.EnginePseudonyms;
import org.custos.vault.SubjectId;

/**
 * One running process of one admitted release: its protocol client, the thread that feeds it the app's facts in
 * the release's pseudonyms, its snapshots, and the checks on everything it answers.
 *
 * <p>The life of an instance: launched (confined) and handshaken; its newest snapshot (if any) restored; a fact
 * subscription opened after that snapshot's watch position (the whole catalogue, then the stored watch history since,
 * then live facts); once the subscription has caught up and the algorithm has learnt all of it (a sync), the
 * instance is warm and may serve. It fails (and is killed) on a protocol violation, on exit, or when it answers
 * late {@code hungAfter} times in a row; the supervisor then restarts it with backoff.
 *
 * <p>What it answers is checked here, before the app sees it: only videos it was told about and not withdrawn,
 * each once, at most as many as asked; anything else is dropped and counted as an incident. The app applies its
 * visibility rule on top.
 */
final class EngineInstance {
    private static final Logger LOG = Logger.getLogger(EngineInstance.class.getName());
    private static final int POLL = 4_096;
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Twice the rank threads of a 4-core engine: a queue of at most a few rankings per thread. */
    static final int MAX_RANKS_IN_FLIGHT = 8;

    enum State { WARMING, SERVING, STOPPED, FAILED }

    /** What the supervisor hears from an instance (on the instance's threads). */
    interface Listener {
        void failed(EngineInstance instance);

        /** The instance was told to forget a member. */
        void forgot(EngineInstance instance);
    }

    private final AdmittedRelease release;
    private final int epoch;
    private final String name;
    private final EngineProcess process;
    private final EngineClient client;
    private final EnginePseudonyms pseudonyms;
    private final SnapshotShelf shelf;
    private final Incidents incidents;
    private final EngineSettings settings;
    private final Listener listener;
    private final Path stateDirectory;
    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private final AtomicInteger consecutiveLate = new AtomicInteger();
    private volatile long lateAnswersAtStreak;
    private volatile long streakStartNanos;
    /**
     * Rankings waiting on the algorithm. Past {@link #MAX_RANKS_IN_FLIGHT}, For You answers from the popularity
     * feed at once instead of queueing: under a load the algorithm cannot keep up with, a queue only makes every
     * answer late, and late answers in a row would have the algorithm restarted as hung (a restart storm).
     */
    private final java.util.concurrent.Semaphore ranksInFlight = new java.util.concurrent.Semaphore(
            MAX_RANKS_IN_FLIGHT);
    private final LinkedBlockingQueue<CompletableFuture<SnapshotShelf.Stored>> snapshotRequests =
            new LinkedBlockingQueue<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.WARMING);
    private final CompletableFuture<Void> warm = new CompletableFuture<>();
    private final Instant startedAt;
    private volatile FactSubscription subscription;
    private volatile long sentPosition;
    private volatile long factsSent;
    private volatile Thread feeder;
    private volatile Incidents.Reason failure;

    private EngineInstance(AdmittedRelease release, int epoch, String name, EngineProcess process,
                           EngineClient[] clientHolder, EnginePseudonyms pseudonyms, SnapshotShelf shelf,
                           Incidents incidents, EngineSettings settings, Listener listener, Path stateDirectory,
                           Instant startedAt) {
        this.release = release;
        this.epoch = epoch;
        this.name = name;
        this.process = process;
        this.client = clientHolder[0];
        this.pseudonyms = pseudonyms;
        this.shelf = shelf;
        this.incidents = incidents;
        this.settings = settings;
        this.listener = listener;
        this.stateDirectory = stateDirectory;
        this.startedAt = startedAt;
    }

    /**
     * Launches the release's algorithm, restores its newest snapshot and starts feeding it.
     *
     * @throws IOException when it cannot be started or does not become ready; it is then already stopped
     */
    static EngineInstance start(AdmittedRelease release, int epoch, EngineLauncher launcher,
                                EnginePseudonyms pseudonyms, FactFeed facts, SnapshotShelf shelf, Incidents incidents,
                                EngineSettings settings, Listener listener, FrameTap tap, Instant now)
            throws IOException {
        String name = release.id() + "-" + SEQUENCE.incrementAndGet();
        Path state = settings.stateDirectory().resolve("run").resolve(name);
        deleteTree(state);
        Files.createDirectories(state);
        traversable(settings.stateDirectory().getParent(), state.getParent());
        EngineProcess process = launcher.launch(release, state, name);
        EngineInstance[] self = new EngineInstance[1];
        EngineClient[] client = new EngineClient[1];
        client[0] = new EngineClient(name, process.fromEngine(), process.toEngine(), tap, violation -> {
            EngineInstance instance = self[0];
            if (instance != null && violation.reason() != ProtocolViolationException.Reason.CLOSED) {
                instance.fail(reasonOf(violation), violation.getMessage());
            }
        });
        EngineInstance instance = new EngineInstance(release, epoch, name, process, client, pseudonyms, shelf,
                incidents, settings, listener, state, now);
        self[0] = instance;
        process.exit().thenAccept(instance::exited);
        try {
            client[0].handshake(settings.startTimeout());
            long position = instance.restore();
            instance.subscription = facts.subscribe(pseudonyms, position);
            instance.sentPosition = position;
        } catch (IOException | TimeoutException | ProtocolViolationException | UncheckedIOException e) {
            instance.state.set(State.STOPPED);
            process.kill();
            deleteTree(state);
            throw new IOException("the algorithm " + name + " did not become ready: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            instance.state.set(State.STOPPED);
            process.kill();
            throw new IOException("interrupted while starting " + name, e);
        }
        instance.feeder = Thread.ofPlatform().name("engine-feeder-" + name).daemon().start(instance::feed);
        return instance;
    }

    /** Restores the newest snapshot of this release and epoch; returns the watch position it covers (0 if none). */
    private long restore() throws InterruptedException {
        Optional<SnapshotShelf.Stored> snapshot = shelf.latest(release.id(), epoch);
        if (snapshot.isEmpty()) {
            return 0;
        }
        try (InputStream in = shelf.open(snapshot.get())) {
            client.restore(in).get(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(() -> name + ": restored snapshot " + snapshot.get().id() + " (watch position "
                    + snapshot.get().watchPosition() + ")");
            return snapshot.get().watchPosition();
        } catch (IOException | ExecutionException | TimeoutException e) {
            // The engine's state may be partial now: the supervisor starts over without this snapshot's help.
            incidents.report(release.id(), release.artifactDigest().toString(), Incidents.Reason.RESTORE_FAILED,
                    e.getClass().getSimpleName());
            throw new UncheckedIOException(new IOException("restoring snapshot " + snapshot.get().id()
                    + " failed", e));
        }
    }

    AdmittedRelease release() {
        return release;
    }

    String name() {
        return name;
    }

    State state() {
        return state.get();
    }

    boolean warm() {
        return warm.isDone() && state.get() == State.SERVING;
    }

    Instant startedAt() {
        return startedAt;
    }

    Optional<Incidents.Reason> failure() {
        return Optional.ofNullable(failure);
    }

    String confinement() {
        return process.confinement();
    }

    long factsSent() {
        return factsSent;
    }

    /** The feeder: polls the subscription and sends what it gets, runs snapshot requests between batches. */
    private void feed() {
        CompletableFuture<Long> syncing = null;
        try {
            while (state.get() == State.WARMING || state.get() == State.SERVING) {
                CompletableFuture<SnapshotShelf.Stored> snapshotRequest = snapshotRequests.poll();
                if (snapshotRequest != null) {
                    snapshot(snapshotRequest);
                    continue;
                }
                FactSubscription.Batch batch = pollQuietly();
                if (batch == null) {
                    continue;
                }
                send(batch);
                if (batch.caughtUp() && syncing == null && !warm.isDone()) {
                    syncing = client.sync();
                }
                if (syncing != null && syncing.isDone() && !warm.isDone()) {
                    if (syncing.isCompletedExceptionally()) {
                        fail(Incidents.Reason.HUNG, "it did not confirm the facts it was sent");
                        return;
                    }
                    if (state.compareAndSet(State.WARMING, State.SERVING)) {
                        warm.complete(null);
                        LOG.info(() -> name + " is warm after " + factsSent + " facts");
                    }
                }
                if (batch.facts().isEmpty()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(syncing != null && !warm.isDone() ? 2 : 10));
                }
            }
        } catch (IOException | ProtocolViolationException e) {
            if (state.get() == State.WARMING || state.get() == State.SERVING) {
                fail(e instanceof ProtocolViolationException v ? reasonOf(v) : Incidents.Reason.CRASHED,
                        "sending facts failed: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            if (state.get() == State.WARMING || state.get() == State.SERVING) {
                LOG.severe(name + ": the feeder stopped: " + e);
                fail(Incidents.Reason.CRASHED, "the feeder stopped: " + e.getClass().getSimpleName());
            }
        }
    }

    /** A batch, or null when the facts could not be counted yet (the vault's audit is unavailable: wait). */
    private FactSubscription.Batch pollQuietly() {
        try {
            return subscription.poll(POLL);
        } catch (AuditUnavailableException e) {
            LOG.warning(name + ": facts wait: their reads cannot be counted right now");
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
            return null;
        }
    }

    private void send(FactSubscription.Batch batch) throws IOException {
        boolean forgot = false;
        if (!batch.facts().isEmpty()) {
            for (Fact fact : batch.facts()) {
                switch (fact) {
                    case Fact.VideoPublished v -> known.add(v.video());
                    case Fact.VideoWithdrawn v -> known.remove(v.video());
                    case Fact.Forgotten f -> forgot = true;
                    default -> {
                    }
                }
            }
            client.send(batch.facts());
            factsSent += batch.facts().size();
        }
        sentPosition = batch.watchPosition();
        if (forgot) {
            listener.forgot(this);
        }
    }

    /**
     * Asks for a snapshot; the feeder first sends every fact waiting (so that an erasure it carries is in the
     * snapshot), then the snapshot request.
     */
    CompletableFuture<SnapshotShelf.Stored> requestSnapshot() {
        CompletableFuture<SnapshotShelf.Stored> request = new CompletableFuture<>();
        if (state.get() != State.SERVING && state.get() != State.WARMING) {
            request.completeExceptionally(new IllegalStateException(name + " is not running"));
            return request;
        }
        snapshotRequests.add(request);
        return request;
    }

    private void snapshot(CompletableFuture<SnapshotShelf.Stored> request) throws IOException {
        FactSubscription.Batch batch;
        while ((batch = pollQuietly()) != null && !batch.facts().isEmpty()) {
            send(batch);
        }
        try (SnapshotShelf.Writing writing = shelf.begin(release.id(), release.artifactDigest().toString(), epoch,
                sentPosition)) {
            Lineage lineage = client.snapshot(writing.stream()).get(SNAPSHOT_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            SnapshotShelf.Stored stored = writing.commit(release.id(), lineage);
            shelf.prune(release.id(), epoch);
            LOG.info(() -> name + ": snapshot " + stored.id() + " of " + lineage.events() + " events at watch position "
                    + stored.watchPosition());
            request.complete(stored);
        } catch (ExecutionException | TimeoutException | IOException e) {
            incidents.report(release.id(), release.artifactDigest().toString(), Incidents.Reason.SNAPSHOT_FAILED,
                    e.getClass().getSimpleName());
            request.completeExceptionally(e);
            if (e instanceof ExecutionException ex && ex.getCause() instanceof ProtocolViolationException) {
                return; // the violation already failed the instance
            }
            if (e instanceof TimeoutException) {
                fail(Incidents.Reason.HUNG, "no snapshot within " + SNAPSHOT_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.completeExceptionally(e);
        }
    }

    /**
     * A ranking for {@code viewer}, checked: empty when this instance is not serving, answers late, fails, or
     * names only videos it was never told about.
     */
    Optional<List<Long>> rank(SubjectId viewer, Instant at, int count) {
        if (state.get() != State.SERVING) {
            return Optional.empty();
        }
        if (!ranksInFlight.tryAcquire()) {
            incidents.shed();
            return Optional.empty();
        }
        List<RankedVideo> answer;
        try {
            answer = client.rank(new RankQuery(pseudonyms.of(viewer), at.toEpochMilli(), count),
                    settings.rankDeadline()).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                incidents.report(release.id(), release.artifactDigest().toString(), Incidents.Reason.LATE_ANSWER,
                        "no answer within " + settings.rankDeadline().toMillis() + " ms");
                int streak = consecutiveLate.incrementAndGet();
                if (streak == 1) {
                    lateAnswersAtStreak = client.lateAnswers();
                    streakStartNanos = System.nanoTime();
                } else if (streak >= settings.hungAfter()) {
                    Duration silent = Duration.ofNanos(System.nanoTime() - streakStartNanos);
                    if (client.lateAnswers() > lateAnswersAtStreak) {
                        // It still answers, only late: overloaded (the machine or the algorithm), not hung. A
                        // restart would only add a warm-up to the load; the in-flight bound sheds the rest.
                        consecutiveLate.set(0);
                    } else if (silent.compareTo(settings.rankDeadline().multipliedBy(settings.hungAfter())) >= 0) {
                        fail(Incidents.Reason.HUNG, streak + " late answers in a row, and no answer for "
                                + silent.toMillis() + " ms");
                    }
                }
            } else if (!(e.getCause() instanceof AlgorithmFailedException)
                    && !(e.getCause() instanceof ProtocolViolationException)) {
                LOG.warning(name + ": ranking failed: " + e.getCause());
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ProtocolViolationException e) {
            return Optional.empty();
        } finally {
            ranksInFlight.release();
        }
        consecutiveLate.set(0);
        List<Long> ids = new ArrayList<>(answer.size());
        Set<Long> seen = new HashSet<>();
        int unknown = 0;
        int duplicates = 0;
        for (RankedVideo video : answer) {
            if (!known.contains(video.video())) {
                unknown++;
            } else if (!seen.add(video.video())) {
                duplicates++;
            } else {
                ids.add(video.video());
            }
        }
        if (unknown > 0) {
            incidents.report(release.id(), release.artifactDigest().toString(), Incidents.Reason.UNKNOWN_VIDEOS,
                    unknown + " of " + answer.size() + " ids it was never told about");
        }
        if (duplicates > 0) {
            incidents.report(release.id(), release.artifactDigest().toString(), Incidents.Reason.DUPLICATE_VIDEOS,
                    duplicates + " repeated ids");
        }
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids);
    }

    /** Aggregate telemetry, if the algorithm answers within a second. */
    Optional<Telemetry> telemetry() {
        if (state.get() != State.SERVING) {
            return Optional.empty();
        }
        try {
            return Optional.of(client.telemetry().get(1, TimeUnit.SECONDS));
        } catch (IOException | ExecutionException | TimeoutException | ProtocolViolationException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Stops the process: with {@code snapshotFirst}, after a last snapshot (if it is warm). */
    void stop(boolean snapshotFirst) {
        if (snapshotFirst && warm()) {
            try {
                requestSnapshot().get(SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warning(name + ": no final snapshot (" + e.getClass().getSimpleName() + "); the next start replays"
                        + " from the previous one");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        State was = state.getAndSet(State.STOPPED);
        if (was == State.STOPPED || was == State.FAILED) {
            return;
        }
        shutDown();
        try {
            process.exit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
        }
        deleteTree(stateDirectory);
    }

    private void shutDown() {
        FactSubscription current = subscription;
        if (current != null) {
            current.close();
        }
        client.close();
        Thread thread = feeder;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Marks the instance failed, kills it and tells the supervisor; the first reason wins. */
    void fail(Incidents.Reason reason, String detail) {
        State was = state.get();
        if (was == State.STOPPED || was == State.FAILED || !state.compareAndSet(was, State.FAILED)) {
            return;
        }
        failure = reason;
        incidents.report(release.id(), release.artifactDigest().toString(), reason, detail);
        process.kill();
        FactSubscription current = subscription;
        if (current != null) {
            current.close();
        }
        snapshotRequests.forEach(r -> r.completeExceptionally(new IOException(name + " failed: " + reason.code())));
        deleteTree(stateDirectory);
        listener.failed(this);
    }

    private void exited(int status) {
        State now = state.get();
        if (now == State.WARMING || now == State.SERVING) {
            fail(classify(status), "the process exited with status " + status);
        }
    }

    /** How an exit status is reported: 3 is the JVM's -XX:+ExitOnOutOfMemoryError, 137 a SIGKILL (OOM killer). */
    static Incidents.Reason classify(int status) {
        return switch (status) {
            case 3 -> Incidents.Reason.OUT_OF_MEMORY;
            case 137 -> Incidents.Reason.KILLED;
            default -> Incidents.Reason.CRASHED;
        };
    }

    static Incidents.Reason reasonOf(ProtocolViolationException violation) {
        return switch (violation.reason()) {
            case MALFORMED_FRAME -> Incidents.Reason.MALFORMED_FRAME;
            case OVERSIZED_FRAME -> Incidents.Reason.OVERSIZED_FRAME;
            case UNEXPECTED_ANSWER -> Incidents.Reason.UNEXPECTED_ANSWER;
            case OVERLONG_ANSWER -> Incidents.Reason.OVERLONG_ANSWER;
            case WRONG_VERSION -> Incidents.Reason.WRONG_PROTOCOL;
            case CLOSED -> Incidents.Reason.CRASHED;
        };
    }

    /**
     * The sandbox runs as an unprivileged user, which must pass through the directories above its state directory
     * (search permission only: it lists and reads nothing there). Adds {@code o+x} from {@code top} down to
     * {@code bottom} where it is missing.
     */
    private static void traversable(Path top, Path bottom) throws IOException {
        if (top == null || !Files.getFileStore(bottom).supportsFileAttributeView("posix")) {
            return;
        }
        for (Path dir = bottom; dir != null && dir.startsWith(top); dir = dir.getParent()) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions =
                    Files.getPosixFilePermissions(dir);
            if (permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(dir, permissions);
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warning("could not delete " + p);
                }
            });
        } catch (IOException e) {
            LOG.warning("could not delete " + root);
        }
    }
}

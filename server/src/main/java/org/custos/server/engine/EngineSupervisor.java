package org.custos.server.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.custos.app.foryou.FactFeed;
import org.custos.app.foryou.Ranking;
import org.custos.app.foryou.RankingPort;
import org.custos.recsys.api.FrameTap;
import org.custos.recsys.api.Telemetry;
import org.custos.release.AdmissionRefusedException;
import org.custos.release.AdmittedRelease;
import org.custos.release.Deployment;
import org.custos.release.Release;
import org.custos.release.ReleaseGate;
import org.custos.release.ReleaseListener;
import org.custos.release.confine.SandboxUnavailableException;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditUnavailableException;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * Runs the owner's algorithm for the app's For You feed: starts only what the release gate admits, serves the
 * app's rankings from the warm instance, restarts a failed one with backoff (the app's popularity feed serves
 * meanwhile), swaps releases without downtime, and keeps snapshots fresh, also after erasures.
 *
 * <p>Every change of who runs (start, swap, stop, refusal, unconfined start) is decided on one supervisor thread,
 * in the order events arrive, and written to the transparency log; requests only read the serving instance.
 *
 * <p>The life of a deployment: the gate deploys release R; the supervisor admits R's artifact (digest, approval,
 * signature, log inclusion), launches it beside the instance that serves (if any), and once it is warm (it learnt
 * the catalogue and the stored history since its snapshot) makes it the serving one (logged {@code swapped}, or
 * {@code started} when nothing served), then snapshots and stops the previous one ({@code stopped}). A rollback is
 * the same path with an earlier approved release. A revoked release stops at once.
 */
public final class EngineSupervisor implements RankingPort, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EngineSupervisor.class.getName());
    private static final Duration TICK = Duration.ofMillis(200);
    /** An instance that served this long resets the restart backoff. */
    private static final Duration HEALTHY_RUN = Duration.ofMinutes(5);

    private final ReleaseGate gate;
    private final EngineLauncher launcher;
    private final Vault vault;
    private final FactFeed facts;
    private final SnapshotShelf shelf;
    private final Incidents incidents;
    private final EngineSettings settings;
    private final Clock clock;
    private final FrameTap tap;
    private final int epoch;
    private final LinkedBlockingQueue<Runnable> commands = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile EngineInstance active;
    private volatile EngineInstance candidate;
    private volatile Optional<Release> wanted = Optional.empty();
    private volatile boolean running = true;
    private volatile String status = "starting";
    private Duration backoff;
    private Instant nextAttempt = Instant.MIN;
    private Instant lastSnapshot;
    private Instant erasureSince;

    EngineSupervisor(ReleaseGate gate, EngineLauncher launcher, Vault vault, FactFeed facts, SnapshotShelf shelf,
                     Incidents incidents, EngineSettings settings, Clock clock, FrameTap tap, int epoch) {
        this.gate = gate;
        this.launcher = launcher;
        this.vault = vault;
        this.facts = facts;
        this.shelf = shelf;
        this.incidents = incidents;
        this.settings = settings;
        this.clock = clock;
        this.tap = tap;
        this.epoch = epoch;
        this.backoff = settings.restartBackoff();
        this.lastSnapshot = clock.instant();
        this.thread = Thread.ofPlatform().name("engine-supervisor").daemon().unstarted(this::run);
    }

    /** Starts supervising: whatever the gate has deployed is admitted and started in the background. */
    void start() {
        facts.onErasure(() -> commands.add(this::erasureSeen));
        gate.addListener(new ReleaseListener() {
            @Override
            public void deployed(Deployment deployment) {
                commands.add(() -> gate.find(deployment.releaseId()).ifPresent(EngineSupervisor.this::deploy));
            }

            @Override
            public void revoked(Release release) {
                commands.add(() -> revoke(release));
            }
        });
        commands.add(() -> gate.deployed().flatMap(d -> gate.find(d.releaseId()))
                .ifPresentOrElse(this::deploy, () -> status = "no release deployed"));
        thread.start();
    }

    @Override
    public Optional<Ranking> rank(SubjectId viewer, Instant at, int count) {
        EngineInstance serving = active;
        if (serving == null) {
            return Optional.empty();
        }
        return serving.rank(viewer, at, count).map(ids -> new Ranking(ids, serving.release().artifactDigest().toString()));
    }

    /** The artifact digest of the release serving For You, if one does. */
    public Optional<String> servingRelease() {
        EngineInstance serving = active;
        return serving == null || !serving.warm() ? Optional.empty() : Optional.of(serving.release().artifactDigest().toString());
    }

    /** Aggregate telemetry of the serving algorithm, for the gateway's model-telemetry flow. */
    public Optional<Telemetry> telemetry() {
        EngineInstance serving = active;
        return serving == null ? Optional.empty() : serving.telemetry();
    }

    /** What runs, for readiness (an advisory: the popularity feed serves whatever happens here). */
    public String status() {
        return status;
    }

    /** Where the sealed snapshots are kept. */
    Path snapshotDirectory() {
        return settings.stateDirectory().resolve("snapshots");
    }

    /** Takes a snapshot of the serving instance now; completes with its watch position. */
    public CompletableFuture<Long> snapshotNow() {
        EngineInstance serving = active;
        if (serving == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no algorithm is serving"));
        }
        return serving.requestSnapshot().thenApply(SnapshotShelf.Stored::watchPosition);
    }

    private void run() {
        while (running) {
            try {
                Runnable command = commands.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
                if (command != null) {
                    command.run();
                }
                tick();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.severe("engine supervisor: " + e);
            }
        }
    }

    private void tick() {
        incidents.flush(false);
        Instant now = clock.instant();
        EngineInstance next = candidate;
        if (next != null && next.warm()) {
            promote(next);
        }
        if (candidate == null && wanted.isPresent() && !now.isBefore(nextAttempt)
                && (active == null || !active.release().id().equals(wanted.get().id()))) {
            launch(wanted.get());
        }
        EngineInstance serving = active;
        if (serving != null && !now.isBefore(lastSnapshot.plus(settings.snapshotInterval()))) {
            lastSnapshot = now;
            serving.requestSnapshot();
        }
        if (erasureSince != null && !now.isBefore(erasureSince.plus(settings.erasureSnapshotDelay()))) {
            refreshAfterErasure(now);
        }
    }

    private void deploy(Release release) {
        wanted = Optional.of(release);
        nextAttempt = Instant.MIN;
        backoff = settings.restartBackoff();
        EngineInstance starting = candidate;
        if (starting != null && !starting.release().id().equals(release.id())) {
            candidate = null;
            starting.stop(false);
        }
        if (active != null && active.release().id().equals(release.id())) {
            status = "serving " + release.id();
        }
    }

    private void revoke(Release release) {
        if (wanted.isPresent() && wanted.get().id().equals(release.id())) {
            wanted = Optional.empty();
        }
        for (EngineInstance instance : new EngineInstance[] {candidate, active}) {
            if (instance != null && instance.release().id().equals(release.id())) {
                if (instance == active) {
                    active = null;
                } else {
                    candidate = null;
                }
                instance.stop(false);
                record(AuditEvent.EngineEvent.Kind.STOPPED, instance.release(), "", "revoked");
                status = "stopped " + release.id() + ": revoked";
            }
        }
    }

    private void launch(Release release) {
        LOG.info(() -> "admitting " + release.id());
        AdmittedRelease admitted;
        try {
            admitted = gate.admitRelease(release.id());
        } catch (RuntimeException e) {
            status = "admission of " + release.id() + " failed; retrying: " + e.getMessage();
            LOG.severe(status);
            retryLater();
            return;
        } catch (AdmissionRefusedException e) {
            status = "refused " + release.id() + ": " + e.reason().code();
            LOG.severe("the release gate refused " + release.id() + ": " + e.getMessage());
            if (e.permanent()) {
                wanted = Optional.empty();
            } else {
                retryLater();
            }
            return;
        }
        if (!launcher.confined()) {
            record(AuditEvent.EngineEvent.Kind.UNCONFINED, admitted, "", "development-setting");
            LOG.severe("the owner's algorithm " + admitted.id() + " runs UNCONFINED (development setting): it can"
                    + " reach the network, the files and the environment of this machine");
        }
        LOG.info(() -> "starting " + admitted.id() + " (admitted at log index " + admitted.logIndex() + ")");
        try {
            status = "warming " + admitted.id();
            candidate = EngineInstance.start(admitted, epoch, launcher, vault.enginePseudonyms(pseudonymKey(admitted)),
                    facts, shelf, incidents, settings, listener(), tap, clock.instant());
        } catch (SandboxUnavailableException e) {
            // No sandbox, no algorithm: the popularity feed serves, and the refusal is public.
            status = "refused " + admitted.id() + ": " + e.reason().code() + " (" + e.getMessage() + ")";
            LOG.severe("the owner's algorithm " + admitted.id() + " is NOT started: " + e.getMessage());
            record(AuditEvent.EngineEvent.Kind.REFUSED, admitted, "", e.reason().code());
            retryLater();
        } catch (IOException | RuntimeException e) {
            incidents.report(admitted.id(), admitted.artifactDigest().toString(), Incidents.Reason.START_FAILED,
                    String.valueOf(e.getMessage()));
            status = "start of " + admitted.id() + " failed; retrying";
            retryLater();
        }
    }

    /** The vault key of the release's pseudonyms: per release and pseudonym epoch, so both rotate. */
    static String pseudonymKey(AdmittedRelease release, int epoch) {
        return release.artifactDigest() + "#" + epoch;
    }

    private String pseudonymKey(AdmittedRelease release) {
        return pseudonymKey(release, epoch);
    }

    private void promote(EngineInstance next) {
        EngineInstance previous = active;
        // Durably recorded (in the outbox) before the first ranking is served, so that no served page names an
        // algorithm whose start the log could miss.
        if (previous == null) {
            record(AuditEvent.EngineEvent.Kind.STARTED, next.release(), "", "");
        } else {
            record(AuditEvent.EngineEvent.Kind.SWAPPED, next.release(), previous.release().id(), "");
        }
        active = next;
        candidate = null;
        status = "serving " + next.release().id() + " (" + next.confinement() + ")";
        if (previous != null) {
            previous.stop(true);
            record(AuditEvent.EngineEvent.Kind.STOPPED, previous.release(), "", "replaced");
        }
        LOG.info(() -> "For You is served by " + next.release().id());
    }

    private EngineInstance.Listener listener() {
        return new EngineInstance.Listener() {
            @Override
            public void failed(EngineInstance instance) {
                commands.add(() -> instanceFailed(instance));
            }

            @Override
            public void forgot(EngineInstance instance) {
                commands.add(() -> erasureSeen());
            }
        };
    }

    private void instanceFailed(EngineInstance instance) {
        boolean ranLong = instance.startedAt().plus(HEALTHY_RUN).isBefore(clock.instant());
        if (instance == active) {
            active = null;
        } else if (instance == candidate) {
            candidate = null;
        } else {
            return;
        }
        if (ranLong) {
            backoff = settings.restartBackoff();
        }
        status = instance.release().id() + " failed (" + instance.failure().map(Incidents.Reason::code)
                .orElse("unknown") + "); restarting in " + backoff.toMillis() + " ms";
        if (wanted.isEmpty() || !wanted.get().id().equals(instance.release().id())) {
            return;
        }
        retryLater();
    }

    private void retryLater() {
        nextAttempt = clock.instant().plus(backoff);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.maxRestartBackoff()) > 0 ? settings.maxRestartBackoff() : doubled;
    }

    private void erasureSeen() {
        if (erasureSince == null) {
            erasureSince = clock.instant();
        }
    }

    /**
     * An erasure reached the engines: snapshot every running instance (after it forgot the member), then destroy
     * every snapshot taken before, of every release, so that no copy of the member's state stays readable.
     */
    private void refreshAfterErasure(Instant now) {
        erasureSince = null;
        boolean all = true;
        for (EngineInstance instance : new EngineInstance[] {active, candidate}) {
            if (instance != null && instance.warm()) {
                try {
                    instance.requestSnapshot().get(10, TimeUnit.MINUTES);
                } catch (ExecutionException | TimeoutException e) {
                    all = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else if (instance != null) {
                all = false; // still warming: its first snapshot will come; try again shortly
            }
        }
        if (!all) {
            erasureSince = now;
            return;
        }
        int destroyed = shelf.destroyCreatedBefore(now);
        LOG.info(() -> "after an erasure: " + destroyed + " older engine snapshots destroyed");
    }

    private void record(AuditEvent.EngineEvent.Kind kind, AdmittedRelease release, String previous, String reason) {
        try {
            vault.record(new AuditEvent.EngineEvent(kind, release.id(), release.artifactDigest().toString(), previous, reason, 1,
                    clock.instant()));
        } catch (AuditUnavailableException e) {
            LOG.severe("could not log that " + release.id() + " " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        EngineInstance starting = candidate;
        candidate = null;
        if (starting != null) {
            starting.stop(false);
        }
        EngineInstance serving = active;
        active = null;
        if (serving != null) {
            serving.stop(true);
            record(AuditEvent.EngineEvent.Kind.STOPPED, serving.release(), "", "shutdown");
        }
        incidents.flush(true);
    }
}

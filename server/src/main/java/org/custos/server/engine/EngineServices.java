package org.custos.server.engine;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;
import org.custos.app.App;
import org.custos.recsys.api.FrameTap;
import org.custos.release.ReleaseGate;
import org.custos.release.confine.ConfinementSettings;
import org.custos.release.confine.Sandbox;
import org.custos.vault.Vault;

/**
 * The owner's algorithm as the server runs it: the supervisor over the release gate, the app's facts and the
 * sandbox, attached to the app's For You feed; and, at first start, the project's own For You engine shipped
 * through the gate (submitted, rebuilt and approved as {@code service:release-bootstrap}, then deployed) when no
 * release is deployed yet.
 */
public final class EngineServices implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EngineServices.class.getName());

    /**
     * What tests and benchmarks may change: a tap on every frame that crosses, and another launcher (for example
     * the algorithm in this JVM, for the in-process baseline).
     */
    public record Hooks(FrameTap tap, Optional<EngineLauncher> launcher) {
        public static final Hooks NONE = new Hooks(FrameTap.NONE, Optional.empty());
    }

    private final Optional<EngineSupervisor> supervisor;
    private final Optional<Thread> bootstrap;

    private EngineServices(Optional<EngineSupervisor> supervisor, Optional<Thread> bootstrap) {
        this.supervisor = supervisor;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts supervising (in the background: the app's popularity feed serves until an algorithm is warm).
     * With the engine disabled, nothing runs and For You is the popularity feed.
     */
    public static EngineServices start(EngineSettings settings, ConfinementSettings confinement, ReleaseGate gate,
                                       Vault vault, App app, javax.sql.DataSource dataSource, Clock clock,
                                       MeterRegistry registry, Hooks hooks) {
        if (!settings.enabled()) {
            LOG.info("recsys.engine=popularity: no algorithm runs; For You is the popularity feed");
            return new EngineServices(Optional.empty(), Optional.empty());
        }
        EngineLauncher launcher = hooks.launcher().orElseGet(() -> new ConfinedLauncher(new Sandbox(confinement),
                settings.jvmFlags()));
        SnapshotShelf shelf = new SnapshotShelf(dataSource, vault, clock, settings.stateDirectory().resolve("snapshots"));
        Incidents incidents = new Incidents(vault, clock, registry);
        EngineSupervisor supervisor = new EngineSupervisor(gate, launcher, vault, app.algorithmFacts(), shelf,
                incidents, settings, clock, hooks.tap(), settings.pseudonymEpoch());
        supervisor.start();
        Optional<Thread> bootstrap = Optional.empty();
        if (gate.deployed().isEmpty()) {
            bootstrap = settings.defaultBundle().map(bundle -> Thread.ofPlatform().name("engine-bootstrap").daemon()
                    .start(() -> bootstrap(gate, bundle)));
        }
        return new EngineServices(Optional.of(supervisor), bootstrap);
    }

    private static void bootstrap(ReleaseGate gate, EngineSettings.DefaultBundle bundle) {
        if (!Files.isRegularFile(bundle.artifact()) || !Files.isRegularFile(bundle.source())) {
            LOG.warning("the project's For You engine is not built (" + bundle.artifact() + "); For You serves the"
                    + " popularity feed until a release is deployed (build it with ./custos build)");
            return;
        }
        try {
            long start = System.nanoTime();
            var deployment = gate.bootstrap(bundle.artifact(), bundle.source());
            LOG.info(() -> "the project's For You engine " + deployment.releaseId() + " was shipped through the"
                    + " release gate (rebuilt, approved as service:release-bootstrap, deployed) in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (RuntimeException e) {
            LOG.severe("the project's For You engine could not be shipped through the release gate: "
                    + e.getMessage() + "; For You serves the popularity feed");
        }
    }

    /** The supervisor, when the engine is enabled. */
    public Optional<EngineSupervisor> supervisor() {
        return supervisor;
    }

    /** What runs, for readiness. */
    public String status() {
        return supervisor.map(EngineSupervisor::status).orElse("disabled (recsys.engine=popularity)");
    }

    /** Waits for the first-start shipping of the default engine, if one runs (tests). */
    public void awaitBootstrap(java.time.Duration timeout) throws InterruptedException {
        if (bootstrap.isPresent()) {
            bootstrap.get().join(timeout);
        }
    }

    @Override
    public void close() {
        supervisor.ifPresent(EngineSupervisor::close);
    }
}

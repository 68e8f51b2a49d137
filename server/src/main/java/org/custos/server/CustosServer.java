package org.custos.server;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.custos.app.App;
import org.custos.app.accounts.OperatorCredentials;
import org.custos.server.audit.AuditLog;
import org.custos.server.http.ApiIndex;
import org.custos.server.http.HealthRoutes;
import org.custos.server.http.MetricsRoutes;
import org.custos.server.http.OpenApi;
import org.custos.server.http.ReadinessCheck;
import org.custos.server.http.RouteTable;
import org.custos.server.http.ServerMetrics;
import org.custos.release.ReleaseGate;
import org.custos.server.engine.EngineServices;
import org.custos.server.http.ReleaseHeader;
import org.custos.server.postgres.Postgres;

/**
 * The whole boundary in one process: PostgreSQL (embedded or external), the storage and vault of
 * {@link Boundary}, the application's routes, health and metrics, on one Helidon web server whose
 * requests run on virtual threads.
 *
 * <p>Wired by hand, in start-up order; each step is logged with its duration and a failure stops start-up
 * with a {@link StartupException} naming the step, after closing whatever was already started.
 * {@link #close()} is the graceful shutdown: readiness turns to 503, the listener stops accepting and lets
 * in-flight requests finish (up to {@link ServerConfig#shutdownGrace()}), then the pool closes and the
 * embedded PostgreSQL stops.
 */
public final class CustosServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CustosServer.class.getName());

    private final ServerConfig config;
    private final ServerMetrics.Registry metrics;
    private final Postgres postgres;
    private final Boundary boundary;
    private final AppServices app;
    private final AuditLog auditLog;
    private final ReleaseGate gate;
    private final EngineServices engine;
    private final BuildMeasurement build;
    private final WebServer web;
    private final AtomicBoolean stopping;
    private final Duration startupTime;

    private CustosServer(ServerConfig config, ServerMetrics.Registry metrics, Postgres postgres, Boundary boundary,
            AppServices app, AuditLog auditLog, ReleaseGate gate, EngineServices engine, BuildMeasurement build,
            WebServer web, AtomicBoolean stopping, Duration startupTime) {
        this.gate = gate;
        this.engine = engine;
        this.build = build;
        this.config = config;
        this.metrics = metrics;
        this.postgres = postgres;
        this.boundary = boundary;
        this.app = app;
        this.auditLog = auditLog;
        this.web = web;
        this.stopping = stopping;
        this.startupTime = startupTime;
    }

    /**
     * Starts the server and returns once it is ready (its readiness checks pass).
     *
     * @throws StartupException naming the failed step (its cause says what to fix)
     * @throws ConfigException when the configuration cannot be used
     */
    public static CustosServer start(ServerConfig config, Clock clock) {
        return start(config, clock, routing -> {});
    }

    /**
     * As {@link #start(ServerConfig, Clock)}, with readiness held DOWN until {@code hold} is released (work to finish
     * over the server's own API before it takes traffic, such as the demo population).
     */
    public static CustosServer start(ServerConfig config, Clock clock, StartupHold hold) {
        return start(config, clock, routing -> {}, EngineServices.Hooks.NONE, hold);
    }

    /** As {@link #start(ServerConfig, Clock)}, with extra routes (tests add slow or failing handlers). */
    static CustosServer start(ServerConfig config, Clock clock, Consumer<HttpRouting.Builder> extraRoutes) {
        return start(config, clock, extraRoutes, EngineServices.Hooks.NONE);
    }

    /**
     * As {@link #start(ServerConfig, Clock)}, with hooks on the owner's algorithm (a tap on every frame that crosses,
     * another launcher): for tests and benchmarks.
     */
    public static CustosServer start(ServerConfig config, Clock clock, EngineServices.Hooks hooks) {
        return start(config, clock, routing -> {}, hooks);
    }

    static CustosServer start(ServerConfig config, Clock clock, Consumer<HttpRouting.Builder> extraRoutes,
            EngineServices.Hooks hooks) {
        return start(config, clock, extraRoutes, hooks, StartupHold.none());
    }

    private static CustosServer start(ServerConfig config, Clock clock, Consumer<HttpRouting.Builder> extraRoutes,
            EngineServices.Hooks hooks, StartupHold hold) {
        StartupSteps steps = new StartupSteps();
        LOG.info(() -> "starting Custos with " + config);
        ServerMetrics.Registry metrics = ServerMetrics.create();
        Postgres postgres = null;
        Boundary boundary = null;
        AuditLog openedAuditLog = null;
        ReleaseGate openedGate = null;
        EngineServices openedEngine = null;
        try {
            BuildMeasurement build = steps.run("measure build", BuildMeasurement::ofThisProcess);
            postgres = steps.run("start database", () -> Postgres.forServer(config));
            LOG.info("database: " + postgres.description());
            Postgres db = postgres;
            boundary = Boundary.open(config, db, clock, metrics.prometheus(), steps);
            Boundary opened = boundary;
            AppServices app = steps.run("start application", () -> AppServices.create(opened, config, clock));
            java.util.concurrent.atomic.AtomicReference<EngineServices> engineRef =
                    new java.util.concurrent.atomic.AtomicReference<>();
            org.custos.gateway.Gateway egress = EgressServices.start(config, clock, steps, opened, app,
                    () -> Optional.ofNullable(engineRef.get()).flatMap(EngineServices::supervisor)
                            .flatMap(org.custos.server.engine.EngineSupervisor::telemetry));
            AuditLog auditLog = openAuditLog(config, clock, metrics, steps, opened, app);
            openedAuditLog = auditLog;
            steps.run("log the measured build", () -> opened.vault().record(build.event(clock.instant())));
            ReleaseGate gate = steps.run("open release gate", () -> ReleaseServices.open(config, opened, app.app(),
                    auditLog, clock));
            openedGate = gate;
            EngineServices engine = steps.run("start engine supervisor", () -> EngineServices.start(config.engine(),
                    config.confinement(), gate, opened.vault(), app.app(), opened.dataSource(), clock,
                    metrics.prometheus(), hooks));
            openedEngine = engine;
            engineRef.set(engine);
            ReleaseHeader releaseHeader = new ReleaseHeader(build.serverDigest(),
                    () -> engine.supervisor().flatMap(org.custos.server.engine.EngineSupervisor::servingRelease));
            app.app().attachAlgorithm(engine.supervisor().isPresent() ? engine.supervisor().get()
                    : org.custos.app.foryou.RankingPort.NONE, releaseHeader::forServedBy);
            AtomicBoolean stopping = new AtomicBoolean();
            Map<String, ReadinessCheck> checks = Map.of(
                    "database", () -> opened.databaseAnswers() ? Optional.empty() : Optional.of("not answering"),
                    "migrations", () -> Optional.empty(), // start-up does not get here before they are done
                    "vault", () -> Optional.empty(), // opened above; closed only after readiness turns DOWN
                    "audit-log", auditLog::problem,
                    "lockbox", () -> app.lockbox().health(),
                    "start-up", hold::problem);
            Map<String, java.util.function.Supplier<String>> advisories = Map.of("engine", engine::status);
            WebServer web = steps.run("start HTTP", () -> requireListening(config, WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .shutdownHook(false) // shutdown order is ours: HTTP first, the database last
                    .shutdownGracePeriod(config.shutdownGrace())
                    .routing(helidon -> {
                        // every route through the table: HEAD wherever GET, and 405 + Allow for a wrong method
                        RouteTable routing = new RouteTable(helidon);
                        new MetricsRoutes(metrics.prometheus()).register(routing);
                        releaseHeader.register(routing);
                        new HealthRoutes(checks, advisories, stopping::get).register(routing);
                        extraRoutes.accept(routing);
                        app.register(routing);
                        egress.register(routing);
                        auditLog.register(routing, app.app().authenticator());
                        gate.register(routing);
                        new ApiIndex().register(routing);
                        new OpenApi(routing::operations).register(routing);
                        routing.fallback(); // last: it takes whatever no route above took
                    })
                    .build()
                    .start()));
            Duration took = steps.total();
            LOG.info(() -> "Custos ready on port " + web.port() + " in " + took.toMillis() + " ms");
            return new CustosServer(config, metrics, db, opened, app, auditLog, gate, engine, build, web, stopping,
                    took);
        } catch (RuntimeException e) {
            if (openedEngine != null) {
                openedEngine.close();
            }
            if (openedGate != null) {
                openedGate.close();
            }
            if (openedAuditLog != null) {
                openedAuditLog.close(); // its relay and lock use the pool closed below
            }
            closeAll(boundary, postgres, metrics);
            throw e;
        }
    }

    /** The transparency log and its relay; on failure the application is closed before the error goes on. */
    private static AuditLog openAuditLog(ServerConfig config, Clock clock, ServerMetrics.Registry metrics,
            StartupSteps steps, Boundary boundary, AppServices app) {
        try {
            return steps.run("open transparency log", () -> AuditLog.open(config.auditLog(), config.dataDir(),
                    boundary.dataSource(), boundary.vault(), clock, metrics.prometheus()));
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /** The transparency log fed by the vault's audit outbox, for in-process tools and tests. */
    public AuditLog auditLog() {
        return auditLog;
    }

    /**
     * Helidon logs a listener that cannot bind and returns a stopped server (port -1) instead of throwing;
     * start-up must fail instead, naming the address.
     */
    private static WebServer requireListening(ServerConfig config, WebServer web) {
        if (!web.isRunning() || web.port() <= 0) {
            web.stop();
            throw new java.io.UncheckedIOException(new java.net.BindException(
                    "cannot listen on " + config.host() + ":" + config.port()
                            + " (in use, or not an address of this machine); choose another --port (CUSTOS_PORT)"));
        }
        return web;
    }

    /** The port the HTTP listener is bound to (the configured one, or the one picked for port 0). */
    public int port() {
        return web.port();
    }

    /** The base URL for clients on this machine. */
    public URI baseUri() {
        String host = config.host().equals("0.0.0.0") || config.host().equals("::") ? "localhost" : config.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Where the data lives, without credentials. */
    public String databaseDescription() {
        return postgres.description();
    }

    /**
     * The first custodian operator's credentials when this start created that operator (the first start
     * on an empty database); empty on every later start. The password is not stored in plain anywhere.
     */
    public Optional<OperatorCredentials> firstOperator() {
        return app.firstOperator();
    }

    /** The application, for in-process tools and tests. */
    public App app() {
        return app.app();
    }

    /** From the start call to ready. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The release gate, for in-process tools and tests. */
    public ReleaseGate releaseGate() {
        return gate;
    }

    /** The owner's algorithm as this server runs it, for in-process tools and tests. */
    public EngineServices engine() {
        return engine;
    }

    /** This server's measured build (its digest names it in the log and in {@code Custos-Release}). */
    public BuildMeasurement build() {
        return build;
    }

    /** The storage and vault, for in-process tools and tests. */
    public Boundary boundary() {
        return boundary;
    }

    /** Graceful shutdown; idempotent. */
    @Override
    public void close() {
        if (stopping.getAndSet(true)) {
            return;
        }
        long start = System.nanoTime();
        LOG.info("stopping: no new connections, letting in-flight requests finish");
        try {
            web.stop();
        } finally {
            engine.close(); // its last snapshots and log entries need the vault and the relay
            gate.close();
            auditLog.close();
            app.close();
            closeAll(boundary, postgres, metrics);
        }
        LOG.info(() -> "stopped in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private static void closeAll(Boundary boundary, Postgres postgres, ServerMetrics.Registry metrics) {
        for (AutoCloseable part : List.<AutoCloseable>of(
                boundary == null ? () -> {} : boundary,
                postgres == null ? () -> {} : postgres,
                metrics)) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warning("while stopping: " + e);
            }
        }
    }
}

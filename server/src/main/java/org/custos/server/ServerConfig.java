package org.custos.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.custos.app.AppSettings;
import org.custos.release.ReleaseSettings;
import org.custos.release.confine.ConfinementSettings;
import org.custos.server.engine.EngineSettings;
import org.custos.lockbox.LockboxSettings;
import org.custos.server.audit.AuditLogSettings;

/**
 * Everything the one-process server needs to start, read once at start-up and immutable afterwards.
 *
 * <p>Built by {@link ConfigReader} from, in increasing priority: defaults, the optional config file
 * ({@code custos.properties} or {@code --config FILE}), {@code CUSTOS_*} environment variables, and
 * command-line flags. The configuration keys are listed in {@code docs/configuration.md}. Secrets are
 * held so that {@link #toString()} never reveals them, which makes the record safe to log.
 *
 * @param host the address the HTTP listener binds to
 * @param port the HTTP port; 0 picks a free port (tests)
 * @param dataDir the instance's data directory (embedded PostgreSQL, keys, lock); two instances need two
 * @param database where the data lives
 * @param keys where the key-encryption key lives
 * @param shutdownGrace how long in-flight requests may run after a stop signal
 * @param app the application's settings (log-in limits among them)
 * @param auditLog the in-process transparency log and its relay
 * @param lockbox the access approvals: approvers required, longest grant, notification webhook
 * @param release the release gate: reviewers required, admission wait, the signing key (under {@code releases})
 * @param engine how the owner's algorithm runs: whether at all, deadlines, snapshots, the default bundle (state under
 *     {@code engine})
 * @param confinement the sandbox of the owner's algorithm: bubblewrap (or the logged development setting), limits
 * @param releaseDependencies where rebuilds of releases find the jars their lock files pin (a Maven repository)
 * @param releaseKey where the release signing key lives: a file under {@code releases} or a PKCS#11 token
 * @param lockboxWebhookSecret the key the lockbox signs its webhook notices with ({@code lockbox.webhook.secret}
 *     or {@code .file}, read at start); {@link SecretSource.None}: unsigned
 */
public record ServerConfig(
        String host, int port, Path dataDir, DatabaseSettings database, KeySettings keys, Duration shutdownGrace,
        AppSettings app, AuditLogSettings auditLog, LockboxSettings lockbox, ReleaseSettings release,
        EngineSettings engine, ConfinementSettings confinement, Path releaseDependencies,
        ReleaseKeySettings releaseKey, SecretSource lockboxWebhookSecret) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(auditLog, "auditLog");
        Objects.requireNonNull(lockbox, "lockbox");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(confinement, "confinement");
        Objects.requireNonNull(releaseDependencies, "releaseDependencies");
        Objects.requireNonNull(releaseKey, "releaseKey");
        Objects.requireNonNull(lockboxWebhookSecret, "lockboxWebhookSecret");
        if (port < 0 || port > 65_535) {
            throw new ConfigException("port", "must be between 0 and 65535, got " + port);
        }
        if (shutdownGrace.isNegative()) {
            throw new ConfigException("shutdown.grace", "must not be negative");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** Where encrypted media goes unless configured: relative paths are under the data directory. */
    public static final Path DEFAULT_MEDIA_DIR = Path.of("blobs");

    /**
     * The project's own For You engine, as the build leaves it: {@code cli/target/engine} under the installation
     * ({@code custos.home}, which the launcher sets; the working directory otherwise).
     */
    public static java.util.Optional<EngineSettings.DefaultBundle> defaultBundle() {
        Path engine = Path.of(System.getProperty("custos.home", ".")).resolve("cli").resolve("target")
                .resolve("engine").toAbsolutePath().normalize();
        return java.util.Optional.of(new EngineSettings.DefaultBundle(engine.resolve("custos-foryou-engine.jar"),
                engine.resolve("custos-foryou-engine-src.zip")));
    }

    /** Where rebuilds find pinned jars unless configured: the user's local Maven repository. */
    public static Path defaultDependencies() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** The embedded defaults for a data directory: what {@code ./custos up} runs with no configuration. */
    public static ServerConfig embedded(Path dataDir, int port) {
        return new ServerConfig(
                "127.0.0.1",
                port,
                dataDir,
                new DatabaseSettings.Embedded(DatabaseSettings.DEFAULT_POOL_SIZE),
                new KeySettings.Local(Path.of("keys"), new SecretSource.None()),
                Duration.ofSeconds(10),
                AppSettings.defaults().withMedia(DEFAULT_MEDIA_DIR, AppSettings.defaults().maxMediaBytes()),
                AuditLogSettings.defaults(),
                LockboxSettings.defaults(),
                ReleaseSettings.defaults(dataDir.resolve("releases")),
                EngineSettings.defaults(dataDir.resolve("engine"), defaultBundle()),
                ConfinementSettings.defaults(),
                defaultDependencies(),
                new ReleaseKeySettings.LocalFile(),
                new SecretSource.None());
    }

    /** The same configuration listening on another port. */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, database, keys, shutdownGrace, app, auditLog, lockbox, release,
                engine, confinement, releaseDependencies, releaseKey, lockboxWebhookSecret);
    }

    /** The same configuration with other application settings. */
    public ServerConfig withApp(AppSettings newApp) {
        return new ServerConfig(host, port, dataDir, database, keys, shutdownGrace, newApp, auditLog, lockbox, release,
                engine, confinement, releaseDependencies, releaseKey, lockboxWebhookSecret);
    }

    /** The same configuration with other transparency-log settings. */
    public ServerConfig withAuditLog(AuditLogSettings newAuditLog) {
        return new ServerConfig(host, port, dataDir, database, keys, shutdownGrace, app, newAuditLog, lockbox, release,
                engine, confinement, releaseDependencies, releaseKey, lockboxWebhookSecret);
    }

    /** The same configuration with other access-approval settings. */
    public ServerConfig withLockbox(LockboxSettings newLockbox) {
        return new ServerConfig(host, port, dataDir, database, keys, shutdownGrace, app, auditLog, newLockbox, release,
                engine, confinement, releaseDependencies, releaseKey, lockboxWebhookSecret);
    }

    /** The same configuration with other release-gate settings. */
    public ServerConfig withRelease(ReleaseSettings newRelease) {
        return new ServerConfig(host, port, dataDir, database, keys, shutdownGrace, app, auditLog, lockbox, newRelease,
                engine, confinement, releaseDependencies, releaseKey, lockboxWebhookSecret);
    }

    /** The same configuration with other settings for the owner's algorithm. */
    public ServerConfig withEngine(EngineSettings newEngine) {
        return new ServerConfig(host, port, dataDir, database, keys, shutdownGrace, app, auditLog, lockbox, release,
                newEngine, confinement, releaseDependencies, releaseKey, lockboxWebhookSecret);
    }

    /** The same configuration with another sandbox for the owner's algorithm. */
    public ServerConfig withConfinement(ConfinementSettings newConfinement) {
        return new ServerConfig(host, port, dataDir, database, keys, shutdownGrace, app, auditLog, lockbox, release,
                engine, newConfinement, releaseDependencies, releaseKey, lockboxWebhookSecret);
    }

    /** The same configuration with another key for signing the lockbox's webhook notices. */
    public ServerConfig withLockboxWebhookSecret(SecretSource newSecret) {
        return new ServerConfig(host, port, dataDir, database, keys, shutdownGrace, app, auditLog, lockbox, release,
                engine, confinement, releaseDependencies, releaseKey, newSecret);
    }

    /** The same configuration with the key-encryption key elsewhere. */
    public ServerConfig withKeys(KeySettings newKeys) {
        return new ServerConfig(host, port, dataDir, database, newKeys, shutdownGrace, app, auditLog, lockbox, release,
                engine, confinement, releaseDependencies, releaseKey, lockboxWebhookSecret);
    }

    /** The same configuration with the release signing key elsewhere. */
    public ServerConfig withReleaseKey(ReleaseKeySettings newReleaseKey) {
        return new ServerConfig(host, port, dataDir, database, keys, shutdownGrace, app, auditLog, lockbox, release,
                engine, confinement, releaseDependencies, newReleaseKey, lockboxWebhookSecret);
    }

    /** A path of the configuration resolved against the data directory, unless it is absolute. */
    public Path resolve(Path path) {
        return dataDir.resolve(path).normalize();
    }

    /** The application settings with their relative paths (media) resolved in the data directory. */
    public AppSettings resolvedApp() {
        return app.withMedia(resolve(app.blobDirectory()), app.maxMediaBytes());
    }
}

package org.custos.server.audit;

import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.custos.app.accounts.Authenticator;
import org.custos.tlog.LogHealth;
import org.custos.tlog.LogSettings;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.note.VerifierKey;
import org.custos.vault.Vault;

/**
 * The boundary's audit trail as the server runs it: the transparency log in this process (its files under the data
 * directory), the relay that carries every vault audit event into it, the log's public read API ({@code /checkpoint},
 * {@code /tile/...}) and the users' {@code GET /v1/me/access-log}.
 *
 * <p>Open it after the vault (whose outbox it drains) and close it before; closing stops the relay, then lets the
 * log publish what it holds.
 */
public final class AuditLog implements AutoCloseable {

    /** The public verifier key is written here, beside the private key, for operators to hand out. */
    public static final String VERIFIER_KEY_FILE = "log.vkey";

    private final RelayLock lock;
    private final TransparencyLog log;
    private final AuditRelay relay;
    private final Vault vault;
    private final DataSource dataSource;
    private final VerifierKey verifierKey;

    private AuditLog(RelayLock lock, TransparencyLog log, AuditRelay relay, Vault vault, DataSource dataSource,
            VerifierKey verifierKey) {
        this.lock = lock;
        this.log = log;
        this.relay = relay;
        this.vault = vault;
        this.dataSource = dataSource;
        this.verifierKey = verifierKey;
    }

    /**
     * Opens (or creates) the log and its signing key under {@code dataDir}, reconciles the log's tail with the
     * relay's progress and starts relaying.
     *
     * @throws LogOutOfStepException if the log lost entries it had acknowledged (see docs/operations.md)
     * @throws UncheckedIOException if the key or the log's files cannot be used; the cause says which
     */
    public static AuditLog open(AuditLogSettings settings, Path dataDir, DataSource dataSource, Vault vault,
            Clock clock, MeterRegistry registry) {
        RelayLock lock = null;
        TransparencyLog log = null;
        try {
            lock = RelayLock.acquire(dataSource);
            Path keyFile = dataDir.resolve(settings.keyFile()).normalize();
            NoteSigner signer = LogSigningKey.loadOrCreate(keyFile, settings.origin(), new SecureRandom());
            Files.writeString(keyFile.resolveSibling(VERIFIER_KEY_FILE), signer.verifierKey().encode() + "\n",
                    StandardCharsets.UTF_8);
            Path directory = dataDir.resolve(settings.directory()).normalize();
            RelayProgress progress = new RelayProgress(dataSource, clock, settings.origin());
            refuseToRecreate(directory, progress);
            log = TransparencyLog.open(LogSettings.defaults(directory, signer));
            AuditRelay relay = AuditRelay.start(log, vault, progress, settings, registry);
            return new AuditLog(lock, log, relay, vault, dataSource, signer.verifierKey());
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(log);
            if (lock != null) {
                lock.close();
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException(new IOException("cannot open the transparency log: " + e.getMessage(), e));
        } catch (Exception e) {
            closeQuietly(log);
            if (lock != null) {
                lock.close();
            }
            throw new UncheckedIOException(new IOException("cannot open the transparency log: " + e.getMessage(), e));
        }
    }

    /**
     * Opening a log directory without a checkpoint creates a new, empty log and signs it: never do that under a key
     * whose log already acknowledged events (docs/operations.md, "If the log directory is lost").
     */
    private static void refuseToRecreate(Path directory, RelayProgress progress) throws SQLException {
        long relayed = progress.read().map(RelayProgress.Mark::lastEvent).orElse(0L);
        if (relayed > 0 && !Files.exists(directory.resolve("checkpoint"))) {
            throw new LogOutOfStepException("the transparency log in " + directory + " is missing but events were"
                    + " already relayed into it: its directory was lost. Restore it from backup; the relay never"
                    + " starts an empty log under the same key", 0, relayed);
        }
    }

    /** Mounts {@code /checkpoint}, {@code /tile/...} (read-only) and {@code GET /v1/me/access-log}. */
    public void register(HttpRouting.Builder routing, Authenticator authenticator) {
        log.mount(routing, false);
        new AccessLogRoutes(authenticator, vault, new SubjectEntries(dataSource), log).register(routing);
    }

    /** For readiness: empty when the log is healthy and the relay is not failing. */
    public Optional<String> problem() {
        LogHealth health = log.health();
        if (!health.healthy()) {
            return Optional.of("log stopped: " + health.problem().orElse("unknown"));
        }
        return relay.problem();
    }

    /** The log's public key, as {@code ./custos log verify --vkey} takes it. */
    public VerifierKey verifierKey() {
        return verifierKey;
    }

    /** The log itself, for in-process tools and tests. */
    public TransparencyLog log() {
        return log;
    }

    /** The outbox position of the last event in the log. */
    public long lastRelayedEvent() {
        return relay.lastEvent();
    }

    @Override
    public void close() {
        relay.close();
        closeQuietly(log);
        lock.close();
    }

    private static void closeQuietly(TransparencyLog log) {
        if (log != null) {
            try {
                log.close();
            } catch (IOException | RuntimeException e) {
                java.util.logging.Logger.getLogger(AuditLog.class.getName()).warning("closing the log: " + e);
            }
        }
    }
}

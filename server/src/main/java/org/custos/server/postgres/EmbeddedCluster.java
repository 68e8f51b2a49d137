package org.custos.server.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Starts and stops the embedded PostgreSQL 18 cluster under {@code <dataDir>/pg}. The cluster is created
 * by initdb on first start and kept afterwards. Durability settings are forced on: the library's defaults
 * trade them for speed ({@code synchronous_commit=off}, {@code -F}), which would lose acknowledged writes
 * in a crash.
 */
final class EmbeddedCluster {

    private static final Logger LOG = Logger.getLogger(EmbeddedCluster.class.getName());

    private EmbeddedCluster() {}

    static EmbeddedPostgres start(Path dataDir) {
        Path pgData = dataDir.resolve("pg");
        stopOrphan(pgData);
        int port = new RememberedPort(dataDir).choose();
        Path log = dataDir.resolve("pg.log");
        boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(90))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "100")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            LOG.info(() -> (fresh ? "created and started" : "started") + " embedded PostgreSQL on port " + port
                    + " (data " + pgData + ", log " + log + ")");
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start; see " + log, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("embedded PostgreSQL did not start; see " + log, e);
        }
    }

    /**
     * A server process that died (SIGKILL, OOM) leaves its PostgreSQL running; we hold the data directory
     * lock, so that postmaster is nobody's. Ask it to shut down so that ours can start on the same files.
     */
    private static void stopOrphan(Path pgData) {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster;
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            postmaster = lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return; // unreadable: PostgreSQL itself decides whether the file is stale
        }
        postmaster.filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .ifPresent(p -> {
                    LOG.warning("stopping PostgreSQL left running by a previous server process (pid " + p.pid() + ")");
                    p.destroy();
                    try {
                        p.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while stopping the orphaned PostgreSQL", e);
                    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                        throw new IllegalStateException("the orphaned PostgreSQL (pid " + p.pid()
                                + ") did not stop within 60s; stop it by hand", e);
                    }
                });
    }
}

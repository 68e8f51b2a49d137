package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.custos.server.StartupException;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.note.Checkpoint;
import org.custos.vault.AuditEvent;
import org.custos.vault.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's recovery rules across restarts of a real server: its bookkeeping behind the log is repaired from the
 * log's tail; a lost log directory stops start-up; a log restored from an older backup is refilled only when the
 * operator says so, and then ends up with exactly the entries it had lost.
 */
class AuditRelayRecoveryIT {
    @TempDir
    Path dataDir;
    @TempDir
    Path backups;

    private ServerConfig config() {
        return AuditServers.config(dataDir, Duration.ofSeconds(1));
    }

    private static void record(CustosServer server, int from, int count) {
        for (int i = from; i < from + count; i++) {
            server.boundary().vault().record(new AuditEvent.PolicyChange("egress", "v" + i, "sha256:" + i, false,
                    Principal.operator("operator-1"), Instant.parse("2026-11-23T08:00:00Z")));
        }
    }

    private static List<Long> eventIds(CustosServer server) throws Exception {
        return AuditServers.entries(server).stream().filter(e -> e instanceof AuditEntry.Relayed)
                .map(e -> ((AuditEntry.Relayed) e).eventId()).toList();
    }

    @Test
    void start_progressBehindTheLog_reindexesFromTheTailWithoutAppendingTwice() throws Exception {
        try (CustosServer server = CustosServer.start(config(), Clock.systemUTC())) {
            record(server, 0, 20);
            AuditServers.awaitRelayed(server);
            try (Connection c = server.boundary().dataSource().getConnection(); Statement s = c.createStatement()) {
                // As if the bookkeeping of every append so far had been lost in a crash.
                s.executeUpdate("UPDATE audit_relay_progress SET last_event = 0, log_size = 0");
            }
        }
        try (CustosServer server = CustosServer.start(config(), Clock.systemUTC())) {
            record(server, 20, 5);
            AuditServers.awaitRelayed(server);
            List<Long> ids = eventIds(server);
            assertThat(ids).doesNotHaveDuplicates().isSorted();
            assertThat(ids.getLast()).isEqualTo(server.boundary().vault().outbox().latestPosition());
            assertThat(ids).hasSize((int) server.boundary().vault().outbox().latestPosition());
        }
    }

    @Test
    void start_logDirectoryLostOrRestoredFromOlderBackup_refusesUntilTheOperatorAccepts() throws Exception {
        Path logDir = dataDir.resolve("log");
        Checkpoint before;
        try (CustosServer server = CustosServer.start(config(), Clock.systemUTC())) {
            record(server, 0, 10);
            AuditServers.awaitRelayed(server);
        }
        copy(logDir, backups.resolve("log"));
        try (CustosServer server = CustosServer.start(config(), Clock.systemUTC())) {
            record(server, 10, 10);
            AuditServers.awaitRelayed(server);
            before = Checkpoint.ofUnchecked(server.auditLog().log().currentCheckpoint());
        }

        delete(logDir);
        assertThatThrownBy(() -> CustosServer.start(config(), Clock.systemUTC()))
                .isInstanceOf(StartupException.class).hasRootCauseInstanceOf(LogOutOfStepException.class)
                .hasMessageContaining("lost");
        assertThatThrownBy(() -> CustosServer.start(config().withAuditLog(config().auditLog()
                .withAcceptRestoredLog(true)), Clock.systemUTC()))
                .hasRootCauseInstanceOf(LogOutOfStepException.class);

        try (Stream<Path> left = Files.exists(logDir) ? Files.walk(logDir) : Stream.empty()) {
            assertThat(left.map(Path::toString).toList()).as("refusing writes no new log").noneMatch(p -> p.endsWith("checkpoint"));
        }
        copy(backups.resolve("log"), logDir);
        assertThatThrownBy(() -> CustosServer.start(config(), Clock.systemUTC()))
                .hasRootCauseInstanceOf(LogOutOfStepException.class).hasMessageContaining("audit.accept.restored.log");
        try (CustosServer server = CustosServer.start(config().withAuditLog(config().auditLog()
                .withAcceptRestoredLog(true)), Clock.systemUTC())) {
            AuditServers.awaitRelayed(server);
            Checkpoint after = Checkpoint.ofUnchecked(server.auditLog().log().currentCheckpoint());
            // The refilled log is the very log that was lost, plus this start's measured build: same entries, then one.
            assertThat(after.size()).isEqualTo(before.size() + 1);
            assertThat(org.custos.tlog.entry.AuditEntryCodec.decode(server.auditLog().log()
                    .entries(before.size(), 1).getFirst())).isInstanceOf(
                    org.custos.tlog.entry.AuditEntry.BuildMeasured.class);
            assertThat(eventIds(server)).doesNotHaveDuplicates().isSorted().hasSize((int) after.size());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

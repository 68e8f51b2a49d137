package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.custos.server.CustosServer;
import org.custos.tlog.LogSettings;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.note.NoteSigner;
import org.custos.vault.OutboxEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a crash: a server process is killed with SIGKILL (with its PostgreSQL) while its outbox
 * holds events its log does not; after a restart on the same data directory, every outbox event is in the log once,
 * in outbox order, as the very bytes its translation gives.
 */
class AuditCrashIT {
    @TempDir
    Path dataDir;

    @Test
    void sigkillBetweenOutboxAndLog_restart_everyEventInTheLogExactlyOnceInOrder() throws Exception {
        Process child = startChild();
        long recorded;
        try {
            recorded = awaitBurst(child);
        } finally {
            killEverything(child);
        }

        long inLogAtCrash;
        NoteSigner signer = NoteSigner.parse(Files.readString(dataDir.resolve("log-signing.key")).strip());
        try (TransparencyLog log = TransparencyLog.open(LogSettings.defaults(dataDir.resolve("log"), signer))) {
            inLogAtCrash = log.health().sequenced();
        }
        assertThat(inLogAtCrash).as("the crash left events in the outbox only").isLessThan(recorded);

        try (CustosServer server = CustosServer.start(AuditServers.config(dataDir, Duration.ofSeconds(1)),
                Clock.systemUTC())) {
            AuditServers.awaitRelayed(server);
            long outboxSize = server.boundary().vault().outbox().latestPosition();
            assertThat(outboxSize).isGreaterThanOrEqualTo(recorded);
            List<byte[]> entries = AuditServers.entryBytes(server);
            List<OutboxEntry> outbox = server.boundary().vault().outbox().after(0, (int) outboxSize + 10);
            assertThat(outbox).extracting(OutboxEntry::position)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, outboxSize).boxed().toList());
            assertThat(entries).hasSize(outbox.size());
            for (int i = 0; i < outbox.size(); i++) {
                assertThat(entries.get(i)).as("log entry %d", i).isEqualTo(AuditEntries.encode(outbox.get(i)));
            }
        }
    }

    private Process startChild() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx384m", AuditCrashChild.class.getName(),
                dataDir.toString());
        builder.redirectError(ProcessBuilder.Redirect.appendTo(
                dataDir.resolveSibling(dataDir.getFileName() + "-child.log").toFile()));
        return builder.start();
    }

    private static long awaitBurst(Process child) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child died; awaitBurst reports it
            }
            lines.add("EOF");
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith("BURST ")) {
                return Long.parseLong(line.substring("BURST ".length()));
            }
            if ("EOF".equals(line)) {
                break;
            }
        }
        throw new AssertionError("the child server did not reach its burst (see the -child.log beside the data dir)");
    }

    /** SIGKILL to the server JVM and to every PostgreSQL process of its data directory. */
    private void killEverything(Process child) throws Exception {
        List<ProcessHandle> victims = new ArrayList<>();
        victims.add(child.toHandle());
        postmaster().ifPresent(pm -> {
            victims.add(pm);
            pm.descendants().forEach(victims::add);
        });
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle victim : victims) {
            victim.onExit().get(30, TimeUnit.SECONDS);
        }
    }

    private Optional<ProcessHandle> postmaster() throws IOException {
        Path pid = dataDir.resolve("pg/postmaster.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip()));
    }
}

package org.custos.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.custos.server.TestInstances;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.note.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 5 at the server: the code that serves is the code in the log. The {@code Custos-Release} header names
 * the server's measured build (a {@code build} entry) and the algorithm's approved artifact (an approved
 * {@code release} entry); an artifact changed on disk after its approval is refused at the next start (logged), and
 * For You is served by the popularity feed instead.
 */
class CodeAdmissionIT {

    @TempDir
    Path dataDir;

    ServerConfig config() {
        ServerConfig base = TestInstances.config(dataDir);
        EngineBundles.Bundle bundle = EngineBundles.forYou();
        return base.withEngine(base.engine().withDefaultBundle(Optional.of(
                new EngineSettings.DefaultBundle(bundle.artifact(), bundle.source()))));
    }

    @Test
    void theHeaderNamesLoggedCode_andAChangedArtifactIsRefusedAtStart() throws Exception {
        String algorithm;
        try (CustosServer server = CustosServer.start(config(), Clock.systemUTC())) {
            server.engine().awaitBootstrap(Duration.ofSeconds(60));
            EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
            HostileEngineIT.await(() -> supervisor.servingRelease().isPresent(), Duration.ofSeconds(60));
            algorithm = supervisor.servingRelease().orElseThrow();
            URI uri = server.baseUri();
            String header = TestInstances.get(uri, "/health/live").headers().firstValue("Custos-Release").orElseThrow();
            assertThat(header).isEqualTo("server=" + server.build().serverDigest() + ", algorithm=" + algorithm);

            // The log's sequencer publishes the outbox in the background: wait for the start to be sequenced.
            HostileEngineIT.await(() -> entries(server).stream().anyMatch(e -> e instanceof AuditEntry.EngineEvent x
                    && x.kind() == AuditEntry.EngineEvent.Kind.STARTED), Duration.ofSeconds(10));
            List<AuditEntry> entries = entries(server);
            assertThat(entries).filteredOn(e -> e instanceof AuditEntry.BuildMeasured b
                    && b.serverDigest().equals(server.build().serverDigest())).as("the build in the log").hasSize(1);
            assertThat(entries).filteredOn(e -> e instanceof AuditEntry.ReleaseStep r
                    && r.step() == AuditEntry.ReleaseStep.Step.APPROVED && r.artifactDigest().equals(algorithm))
                    .as("the algorithm's approval in the log").hasSize(1);
            assertThat(entries).filteredOn(e -> e instanceof AuditEntry.EngineEvent x
                    && x.kind() == AuditEntry.EngineEvent.Kind.STARTED && x.artifactDigest().equals(algorithm))
                    .hasSize(1);
        }

        Path blob = dataDir.resolve("releases/blobs/sha256").resolve(algorithm.substring("sha256:".length()));
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 1;
        Files.write(blob, bytes);

        try (CustosServer server = CustosServer.start(config(), Clock.systemUTC())) {
            EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
            HostileEngineIT.await(() -> supervisor.status().startsWith("refused"), Duration.ofSeconds(30));
            assertThat(supervisor.status()).startsWith("refused").contains("digest-mismatch");
            assertThat(supervisor.servingRelease()).isEmpty();
            URI uri = server.baseUri();
            TestInstances.signUp(uri, "after_tamper");
            TestInstances.Page page = TestInstances.forYou(uri, TestInstances.logIn(uri, "after_tamper"), 5);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.release()).endsWith("algorithm=popularity");
            HostileEngineIT.await(() -> entries(server).stream().anyMatch(e -> e instanceof AuditEntry.EngineEvent x
                    && x.kind() == AuditEntry.EngineEvent.Kind.REFUSED), Duration.ofSeconds(10));
            assertThat(entries(server)).filteredOn(e -> e instanceof AuditEntry.EngineEvent x
                    && x.kind() == AuditEntry.EngineEvent.Kind.REFUSED).singleElement()
                    .satisfies(e -> assertThat(((AuditEntry.EngineEvent) e).reason()).isEqualTo("digest-mismatch"));
        }
        try (Stream<Path> run = Files.list(dataDir.resolve("engine/run"))) {
            assertThat(run.toList()).as("no engine process was given a state directory").isEmpty();
        }
    }

    static List<AuditEntry> entries(CustosServer server) {
        List<AuditEntry> out = new ArrayList<>();
        try {
            var log = server.auditLog().log();
            long size = Checkpoint.ofUnchecked(log.currentCheckpoint()).size();
            for (long start = 0; start < size; start += 256) {
                for (byte[] entry : log.entries(start, (int) Math.min(256, size - start))) {
                    out.add(AuditEntryCodec.decode(entry));
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return out;
    }
}

package org.custos.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.custos.release.Release;
import org.custos.release.confine.ConfinementSettings;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.custos.server.TestInstances;
import org.custos.tlog.entry.AuditEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without its sandbox the owner's algorithm does not run: the refusal is logged and the popularity feed serves;
 * only the explicit development setting runs it unconfined, and every such start is in the log.
 */
class SandboxRequiredIT {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private ServerConfig config(ConfinementSettings.Mode mode, Path bubblewrap) {
        ServerConfig base = TestInstances.config(dataDir);
        return base.withEngine(base.engine().withDefaultBundle(Optional.empty()))
                .withConfinement(base.confinement().withMode(mode).withBubblewrap(bubblewrap));
    }

    @Test
    void withoutBubblewrap_theAlgorithmIsRefused_andThePopularityFeedServes() throws Exception {
        try (CustosServer server = CustosServer.start(config(ConfinementSettings.Mode.BUBBLEWRAP,
                work.resolve("no-bwrap-here")), Clock.systemUTC())) {
            URI uri = server.baseUri();
            Release release = HostileEngineIT.deploy(server.releaseGate(), EngineBundles.build(work, "steady",
                    "steady", "org.custos.steady.SteadyAlgorithm", Map.of("FLAVOUR", "alone")));
            EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
            HostileEngineIT.await(() -> supervisor.status().startsWith("refused"), Duration.ofSeconds(30));
            assertThat(supervisor.status()).startsWith("refused " + release.id() + ": sandbox-");
            assertThat(supervisor.servingRelease()).isEmpty();
            TestInstances.signUp(uri, "sandboxless");
            TestInstances.Page page = TestInstances.forYou(uri, TestInstances.logIn(uri, "sandboxless"), 5);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.release()).endsWith("algorithm=popularity");
            HostileEngineIT.await(() -> refusals(server) > 0, Duration.ofSeconds(10));
            assertThat(CodeAdmissionIT.entries(server)).filteredOn(e -> e instanceof AuditEntry.EngineEvent x
                    && x.kind() == AuditEntry.EngineEvent.Kind.REFUSED)
                    .allSatisfy(e -> assertThat(((AuditEntry.EngineEvent) e).reason()).startsWith("sandbox-"));
        }
    }

    @Test
    void theDevelopmentSetting_runsItUnconfined_andLogsIt() throws Exception {
        try (CustosServer server = CustosServer.start(config(ConfinementSettings.Mode.UNCONFINED_DEVELOPMENT,
                work.resolve("no-bwrap-here")), Clock.systemUTC())) {
            Release release = HostileEngineIT.deploy(server.releaseGate(), EngineBundles.build(work, "steady",
                    "steady", "org.custos.steady.SteadyAlgorithm", Map.of("FLAVOUR", "loose")));
            HostileEngineIT.awaitServing(server.engine().supervisor().orElseThrow(), release);
            HostileEngineIT.await(() -> CodeAdmissionIT.entries(server).stream().anyMatch(e ->
                    e instanceof AuditEntry.EngineEvent x && x.kind() == AuditEntry.EngineEvent.Kind.UNCONFINED),
                    Duration.ofSeconds(10));
            assertThat(CodeAdmissionIT.entries(server)).filteredOn(e -> e instanceof AuditEntry.EngineEvent x
                    && x.kind() == AuditEntry.EngineEvent.Kind.UNCONFINED).singleElement()
                    .satisfies(e -> assertThat(((AuditEntry.EngineEvent) e).releaseId()).isEqualTo(release.id()));
        }
    }

    private static long refusals(CustosServer server) {
        return CodeAdmissionIT.entries(server).stream().filter(e -> e instanceof AuditEntry.EngineEvent x
                && x.kind() == AuditEntry.EngineEvent.Kind.REFUSED).count();
    }
}

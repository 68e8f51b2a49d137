package org.custos.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.custos.release.Release;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.custos.server.TestInstances;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.note.Checkpoint;
import org.custos.vault.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new release replaces the serving one while For You is under load: no request fails, the {@code Custos-Release}
 * header switches from one artifact to the other once (and never to a third state but the popularity feed before
 * the first is warm), each swap is logged, and a rollback to the earlier release works the same way.
 */
class HotSwapIT {

    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    @Test
    void swapAndRollback_underFeedLoad_failNoRequest() throws Exception {
        ServerConfig base = TestInstances.config(dataDir);
        ServerConfig config = base.withEngine(base.engine().withDefaultBundle(Optional.empty()));
        try (CustosServer server = CustosServer.start(config, Clock.systemUTC())) {
            URI uri = server.baseUri();
            TestInstances.signUp(uri, "swap_author");
            TestInstances.signUp(uri, "swap_viewer");
            String author = TestInstances.logIn(uri, "swap_author");
            String viewer = TestInstances.logIn(uri, "swap_viewer");
            for (int i = 0; i < 5; i++) {
                TestInstances.upload(uri, author, "public");
            }
            EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
            Release first = HostileEngineIT.deploy(server.releaseGate(), EngineBundles.build(work, "steady",
                    "steady", "org.custos.steady.SteadyAlgorithm", Map.of("FLAVOUR", "first")));
            HostileEngineIT.awaitServing(supervisor, first);
            Release second = HostileEngineIT.deploy(server.releaseGate(), EngineBundles.build(work.resolve("b"),
                    "steady", "steady", "org.custos.steady.SteadyAlgorithm", Map.of("FLAVOUR", "second")));

            List<Served> served = load(uri, viewer, () -> HostileEngineIT.awaitServing(supervisor, second));
            assertSwitch(served, first, second);
            server.releaseGate().deploy(first.id(), Principal.operator("admin-1"));
            assertSwitch(load(uri, viewer, () -> HostileEngineIT.awaitServing(supervisor, first)), second, first);

            HostileEngineIT.await(() -> swaps(server) >= 2, Duration.ofSeconds(10));
            assertThat(swaps(server)).as("both swaps are in the log").isEqualTo(2);
        }
    }

    @FunctionalInterface
    interface Until {
        void run() throws Exception;
    }

    /** One For You answer: when its request started and ended, and what served it ({@code failed} if it failed). */
    record Served(long start, long end, String release) {
    }

    /**
     * No request failed, and the header switched once: every answer that ended before the first answer of
     * {@code to} started came from {@code from}, every request that started after an answer of {@code to} ended was
     * answered by {@code to} (requests in flight at the switch may be answered by either).
     */
    private static void assertSwitch(List<Served> served, Release from, Release to) {
        String a = from.artifactDigest().toString();
        String b = to.artifactDigest().toString();
        assertThat(served).extracting(Served::release).as("every request answered").doesNotContain("failed")
                .contains(a, b);
        long firstStartOfB = served.stream().filter(s -> s.release().equals(b)).mapToLong(Served::start).min()
                .orElseThrow();
        long firstEndOfB = served.stream().filter(s -> s.release().equals(b)).mapToLong(Served::end).min()
                .orElseThrow();
        assertThat(served).filteredOn(s -> s.end() < firstStartOfB).extracting(Served::release)
                .as("before the switch").isNotEmpty().containsOnly(a);
        assertThat(served).filteredOn(s -> s.start() > firstEndOfB).extracting(Served::release)
                .as("after the switch").isNotEmpty().containsOnly(b);
    }

    /** Hits For You from three threads until {@code until} returns (and half a second after). */
    private static List<Served> load(URI uri, String viewer, Until until) throws Exception {
        ConcurrentLinkedQueue<Served> served = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    TestInstances.Page page = TestInstances.forYou(uri, viewer, 5);
                    String release = page.release().replaceFirst(".*algorithm=", "");
                    served.add(new Served(start, System.nanoTime(),
                            page.status() == 200 && !page.ids().isEmpty() ? release : "failed"));
                }
            }));
        }
        until.run();
        Thread.sleep(500);
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        return List.copyOf(served);
    }

    private static long swaps(CustosServer server) {
        try {
            var log = server.auditLog().log();
            long size = Checkpoint.ofUnchecked(log.currentCheckpoint()).size();
            long count = 0;
            for (long start = 0; start < size; start += 256) {
                for (byte[] entry : log.entries(start, (int) Math.min(256, size - start))) {
                    if (AuditEntryCodec.decode(entry) instanceof AuditEntry.EngineEvent event
                            && event.kind() == AuditEntry.EngineEvent.Kind.SWAPPED) {
                        count++;
                    }
                }
            }
            return count;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

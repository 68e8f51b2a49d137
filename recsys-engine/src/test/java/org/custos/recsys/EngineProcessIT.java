package org.custos.recsys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.custos.recsys.FactWorld.T0;
import static org.custos.recsys.FactWorld.member;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.custos.recsys.api.EngineClient;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.FrameTap;
import org.custos.recsys.api.Lineage;
import org.custos.recsys.api.ProtocolViolationException;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.api.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as a real OS process: {@code java -cp <engine, contract, lucene> org.custos.recsys.EngineMain},
 * with the host's {@link EngineClient} on its standard input and output, as the supervisor runs it (without the
 * sandbox). The class path holds the three parts of the algorithm bundle and nothing else, so the engine runs
 * on them alone.
 */
class EngineProcessIT {

    /** The bundle's parts on this JVM's class path: the engine's classes, the contract's and Lucene's. */
    private static String bundleClassPath() {
        List<String> parts = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.contains("test-classes"))
                .filter(p -> p.contains("recsys-engine") || p.contains("recsys-api") || p.contains("lucene-core"))
                .toList();
        assertThat(parts).as("engine, contract and lucene on the class path").hasSize(3);
        return String.join(File.pathSeparator, parts);
    }

    @Test
    void engineMain_servesFactsRanksSnapshotsAndExitsCleanlyOnBye(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "--add-modules", "jdk.incubator.vector",
                "-cp", bundleClassPath(), EngineMain.class.getName(), "3")
                .redirectError(stderr.toFile()).start();
        List<ProtocolViolationException> violations = new CopyOnWriteArrayList<>();
        List<Fact> catalogue = FactWorld.catalogue();
        List<Fact> watches = FactWorld.watches(5_000, 21);
        try {
            EngineClient client = new EngineClient("process", process.getInputStream(), process.getOutputStream(),
                    FrameTap.NONE, violations::add);
            client.handshake(Duration.ofSeconds(30));
            long started = System.nanoTime();
            client.send(catalogue);
            client.send(watches);
            long learnt = client.sync().get(120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(learnt).isEqualTo(catalogue.size() + watches.size());

            long at = T0 + 1_000L * watches.size() + 60_000;
            for (int i = 0; i < FactWorld.MEMBERS; i += 10) {
                List<RankedVideo> page = client.rank(new RankQuery(member(i), at, 20), Duration.ofSeconds(10)).get();
                assertThat(page).hasSize(20).allSatisfy(v -> assertThat(v.video()).isBetween(1_000L, 3_000L));
            }
            ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
            Lineage lineage = client.snapshot(snapshot).get(60, TimeUnit.SECONDS);
            assertThat(lineage.events()).isEqualTo(watches.size());
            assertThat(lineage.lastEventMs()).isEqualTo(((Fact.Watched) watches.getLast()).atMs());
            assertThat(snapshot.size()).isPositive();
            Telemetry telemetry = client.telemetry().get(10, TimeUnit.SECONDS);
            assertThat(telemetry.eventsLearnt()).isEqualTo(watches.size());
            System.err.printf("engine process: %d facts learnt in %.2f s (%.0f facts/s, JIT cold), snapshot %d bytes%n",
                    learnt, seconds, learnt / seconds, snapshot.size());

            client.close();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the engine exits after bye").isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
        assertThat(violations).as("standard output carried frames only").isEmpty();
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(log).as("java.util.logging writes to standard error").contains("For You engine")
                .contains("seed 3");
    }

    @Test
    void engineMain_badArgument_exitsWithUsageAndNoFrame(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", bundleClassPath(), EngineMain.class.getName(), "x")
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(EngineMain.EXIT_USAGE);
        assertThat(out).isEmpty();
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("seed must be an integer");
    }

    @Test
    void engineMain_hostClosesWithoutBye_exitsCleanly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", bundleClassPath(), EngineMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<ProtocolViolationException> violations = new ArrayList<>();
        EngineClient client = new EngineClient("process", process.getInputStream(), process.getOutputStream(),
                FrameTap.NONE, violations::add);
        client.handshake(Duration.ofSeconds(30));
        process.getOutputStream().close();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }
}

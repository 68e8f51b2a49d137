package org.custos.recsys.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.custos.recsys.api.wire.Frame;
import org.custos.recsys.api.wire.FrameCodec;
import org.junit.jupiter.api.Test;

class EngineProtocolTest {

    /** Ranks videos by how many long watches they had; snapshots are the counts. */
    static final class CountingAlgorithm implements Algorithm {
        final Map<Long, Long> counts = new ConcurrentHashMap<>();
        final List<Fact> learnt = new CopyOnWriteArrayList<>();
        volatile CountDownLatch rankGate;

        @Override
        public void learn(List<Fact> facts) {
            for (Fact f : facts) {
                learnt.add(f);
                if (f instanceof Fact.Watched w && w.watchedMs() >= 1000) {
                    counts.merge(w.video(), 1L, Long::sum);
                }
                if (f instanceof Fact.Forgotten) {
                    throw new IllegalStateException("cannot forget");
                }
            }
        }

        @Override
        public List<RankedVideo> rank(RankQuery query) {
            if (rankGate != null) {
                try {
                    rankGate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (query.viewer() == 666) {
                throw new IllegalArgumentException("boom");
            }
            return counts.entrySet().stream().sorted(Map.Entry.<Long, Long>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(query.count()).map(e -> new RankedVideo(e.getKey(), e.getValue(), Origin.POPULAR)).toList();
        }

        @Override
        public Lineage writeSnapshot(OutputStream out) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(counts.size());
            for (var e : new java.util.TreeMap<>(counts).entrySet()) {
                data.writeLong(e.getKey());
                data.writeLong(e.getValue());
            }
            // enough bytes for several chunks
            data.write(new byte[Protocol.MAX_CHUNK * 2 + 17]);
            data.flush();
            return new Lineage(1, 2, learnt.size(), 0, "ab".repeat(32));
        }

        @Override
        public Lineage restore(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            counts.clear();
            int n = data.readInt();
            for (int i = 0; i < n; i++) {
                counts.put(data.readLong(), data.readLong());
            }
            data.readFully(new byte[Protocol.MAX_CHUNK * 2 + 17]);
            return new Lineage(1, 2, 9, 0, "cd".repeat(32));
        }

        @Override
        public Telemetry telemetry() {
            return new Telemetry(learnt.size(), 0.5, counts.size(), 1);
        }

        @Override
        public void close() {
        }
    }

    private static Fact.Watched watch(long viewer, long video, long ms) {
        return new Fact.Watched(viewer, video, 1_000, ms, 10_000, 0, 0);
    }

    @Test
    void factsRankSyncSnapshotRestore_roundTrip() throws Exception {
        CountingAlgorithm algorithm = new CountingAlgorithm();
        List<ProtocolViolationException> violations = new CopyOnWriteArrayList<>();
        try (LocalEngine engine = LocalEngine.start("test", algorithm, FrameTap.NONE, violations::add)) {
            EngineClient client = engine.client();
            client.send(List.of(watch(1, 10, 5000), watch(2, 10, 5000), watch(1, 11, 5000), watch(3, 12, 10)));
            assertThat(client.sync().get(10, TimeUnit.SECONDS)).isEqualTo(4);
            List<RankedVideo> ranked = client.rank(new RankQuery(1, 5, 2), Duration.ofSeconds(5)).get();
            assertThat(ranked).extracting(RankedVideo::video).containsExactly(10L, 11L);

            ByteArrayOutputStream snapshot = new ByteArrayOutputStream();
            Lineage lineage = client.snapshot(snapshot).get(10, TimeUnit.SECONDS);
            assertThat(lineage.events()).isEqualTo(4);
            assertThat(snapshot.size()).isGreaterThan(Protocol.MAX_CHUNK * 2);

            client.send(List.of(watch(4, 99, 5000), watch(5, 99, 5000), watch(6, 99, 5000)));
            client.sync().get(10, TimeUnit.SECONDS);
            assertThat(client.rank(new RankQuery(1, 5, 1), Duration.ofSeconds(5)).get())
                    .extracting(RankedVideo::video).containsExactly(99L);
            Lineage restored = client.restore(new ByteArrayInputStream(snapshot.toByteArray()))
                    .get(10, TimeUnit.SECONDS);
            assertThat(restored.events()).isEqualTo(9);
            assertThat(client.rank(new RankQuery(1, 5, 1), Duration.ofSeconds(5)).get())
                    .extracting(RankedVideo::video).containsExactly(10L);
            assertThat(client.telemetry().get(5, TimeUnit.SECONDS).eventsLearnt()).isEqualTo(7);
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void aFailingRank_isReportedAndTheConnectionLives() throws Exception {
        try (LocalEngine engine = LocalEngine.start("test", new CountingAlgorithm(), FrameTap.NONE, v -> {})) {
            assertThatThrownBy(() -> engine.client().rank(new RankQuery(666, 1, 5), Duration.ofSeconds(5)).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AlgorithmFailedException.class);
            assertThat(engine.client().rank(new RankQuery(1, 1, 5), Duration.ofSeconds(5)).get()).isEmpty();
        }
    }

    @Test
    void aSlowRank_timesOutAndItsLateAnswerIsDropped() throws Exception {
        CountingAlgorithm algorithm = new CountingAlgorithm();
        algorithm.rankGate = new CountDownLatch(1);
        try (LocalEngine engine = LocalEngine.start("test", algorithm, FrameTap.NONE, v -> {})) {
            assertThatThrownBy(() -> engine.client().rank(new RankQuery(1, 1, 5), Duration.ofMillis(50)).get())
                    .hasCauseInstanceOf(TimeoutException.class);
            algorithm.rankGate.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (engine.client().lateAnswers() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(engine.client().lateAnswers()).isEqualTo(1);
            algorithm.rankGate = null;
            assertThat(engine.client().violation()).isEmpty();
        }
    }

    @Test
    void aFailureWhileLearning_endsTheEngine() throws Exception {
        List<ProtocolViolationException> violations = new CopyOnWriteArrayList<>();
        LocalEngine engine = LocalEngine.start("test", new CountingAlgorithm(), FrameTap.NONE, violations::add);
        engine.client().send(List.of(new Fact.Forgotten(3)));
        assertThat(engine.client().awaitEnd(Duration.ofSeconds(10))).isTrue();
        assertThat(violations).singleElement().extracting(ProtocolViolationException::reason)
                .isEqualTo(ProtocolViolationException.Reason.CLOSED);
        engine.close();
        assertThat(engine.exitStatus()).isEqualTo(EngineServer.EXIT_ALGORITHM_FAILED);
    }

    /** A fake algorithm end that answers with whatever bytes a test gives. */
    private static EngineClient clientAgainst(byte[] answer, List<ProtocolViolationException> violations)
            throws Exception {
        Pipe toEngine = Pipe.open();
        Pipe fromEngine = Pipe.open();
        OutputStream engineOut = Channels.newOutputStream(fromEngine.sink());
        EngineClient client = new EngineClient("fake", Channels.newInputStream(fromEngine.source()),
                Channels.newOutputStream(toEngine.sink()), FrameTap.NONE, violations::add);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                InputStream engineIn = Channels.newInputStream(toEngine.source());
                FrameCodec.read(engineIn, Protocol.MAX_FRAME); // hello
                engineOut.write(FrameCodec.encode(new Frame.Ready(Protocol.VERSION)));
                engineOut.flush();
                FrameCodec.read(engineIn, Protocol.MAX_FRAME); // the rank request
                engineOut.write(answer);
                engineOut.flush();
            } catch (Exception ignored) {
                // the test is over
            }
        });
        client.handshake(Duration.ofSeconds(5));
        return client;
    }

    @Test
    void garbageOversizedOverlongAndUnaskedAnswers_areViolations() throws Exception {
        record Case(byte[] bytes, ProtocolViolationException.Reason reason) {
        }
        List<RankedVideo> three = List.of(new RankedVideo(1, 1, Origin.OTHER), new RankedVideo(2, 1, Origin.OTHER),
                new RankedVideo(3, 1, Origin.OTHER));
        List<Case> cases = List.of(
                new Case(new byte[] {0, 0, 0, 3, 99, 1, 2}, ProtocolViolationException.Reason.MALFORMED_FRAME),
                new Case(new byte[] {0x7f, 0, 0, 0, 66}, ProtocolViolationException.Reason.OVERSIZED_FRAME),
                new Case(FrameCodec.encode(new Frame.Ranked(1, three)),
                        ProtocolViolationException.Reason.OVERLONG_ANSWER),
                new Case(FrameCodec.encode(new Frame.Ranked(77, List.of())),
                        ProtocolViolationException.Reason.UNEXPECTED_ANSWER),
                new Case(FrameCodec.encode(new Frame.Synced(1, 3)),
                        ProtocolViolationException.Reason.UNEXPECTED_ANSWER));
        for (Case c : cases) {
            List<ProtocolViolationException> violations = new CopyOnWriteArrayList<>();
            EngineClient client = clientAgainst(c.bytes(), violations);
            assertThatThrownBy(() -> client.rank(new RankQuery(1, 1, 2), Duration.ofSeconds(5)).get())
                    .as("%s", c.reason()).hasCauseInstanceOf(ProtocolViolationException.class);
            assertThat(violations).as("%s", c.reason()).singleElement()
                    .extracting(ProtocolViolationException::reason).isEqualTo(c.reason());
            assertThatThrownBy(() -> client.send(List.of(new Fact.VideoWithdrawn(1))))
                    .isInstanceOf(ProtocolViolationException.class);
            client.close();
        }
    }

    @Test
    void manyConcurrentRanks_areEachAnswered() throws Exception {
        CountingAlgorithm algorithm = new CountingAlgorithm();
        try (LocalEngine engine = LocalEngine.start("test", algorithm, FrameTap.NONE, v -> {})) {
            List<Fact> facts = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                facts.add(watch(i % 100, i % 37, 5000));
            }
            engine.client().send(facts);
            List<java.util.concurrent.CompletableFuture<List<RankedVideo>>> answers = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                answers.add(engine.client().rank(new RankQuery(i, i, 5), Duration.ofSeconds(10)));
            }
            for (var answer : answers) {
                assertThat(answer.get()).hasSizeLessThanOrEqualTo(5);
            }
            assertThat(engine.client().sync().get(10, TimeUnit.SECONDS)).isEqualTo(20_000);
            assertThat(algorithm.learnt).hasSize(20_000);
            assertThat(algorithm.learnt.stream().map(f -> ((Fact.Watched) f).video()).toList())
                    .isEqualTo(facts.stream().map(f -> ((Fact.Watched) f).video()).toList());
        }
    }

}

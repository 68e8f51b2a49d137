package org.custos.benchmarks.engine;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.custos.recsys.api.Algorithm;
import org.custos.recsys.api.EngineClient;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.FrameTap;
import org.custos.recsys.api.LocalEngine;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.release.confine.ConfinedProcess;
import org.custos.release.confine.LaunchSpec;
import org.custos.release.confine.Sandbox;

/**
 * Where an algorithm runs, as the host sees it: called directly in this JVM (the baseline), through the protocol
 * over in-memory pipes, in a plain child process, or in the bubblewrap sandbox the server uses.
 */
interface Target extends AutoCloseable {
    Duration DEADLINE = Duration.ofSeconds(30);

    String name();

    void send(List<Fact> facts) throws IOException;

    /** Returns once every fact sent so far has been learnt. */
    void sync() throws IOException;

    List<RankedVideo> rank(RankQuery query) throws IOException;

    @Override
    void close();

    static Target direct(Algorithm algorithm) {
        return new Target() {
            @Override
            public String name() {
                return "in-process call";
            }

            @Override
            public void send(List<Fact> facts) {
                algorithm.learn(facts);
            }

            @Override
            public void sync() {
            }

            @Override
            public List<RankedVideo> rank(RankQuery query) {
                return algorithm.rank(query);
            }

            @Override
            public void close() {
                algorithm.close();
            }
        };
    }

    static Target pipes(Algorithm algorithm) {
        LocalEngine engine = LocalEngine.start("bench", algorithm, FrameTap.NONE, violation -> {
        });
        return new OverProtocol("protocol over in-JVM pipes", engine.client(), engine::close);
    }

    /** Starts {@code spec} in {@code sandbox} (bubblewrap, or a plain child process in development mode). */
    static Target process(String name, Sandbox sandbox, LaunchSpec spec) throws IOException {
        ConfinedProcess process = sandbox.start(spec);
        EngineClient client = new EngineClient("bench", process.stdout(), process.stdin(), FrameTap.NONE, v -> {
        });
        try {
            client.handshake(Duration.ofSeconds(60));
        } catch (TimeoutException | InterruptedException e) {
            process.kill();
            throw new IOException("the algorithm in " + name + " did not become ready: " + e, e);
        }
        return new OverProtocol(name, client, () -> {
            client.close();
            process.kill();
        });
    }

    /** The host's side of the protocol, exactly as the server uses it. */
    record OverProtocol(String name, EngineClient client, Runnable closer) implements Target {
        @Override
        public void send(List<Fact> facts) throws IOException {
            client.send(facts);
        }

        @Override
        public void sync() throws IOException {
            await(client.sync());
        }

        @Override
        public List<RankedVideo> rank(RankQuery query) throws IOException {
            return await(client.rank(query, DEADLINE));
        }

        @Override
        public void close() {
            closer.run();
        }

        private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws IOException {
            try {
                return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IOException("the algorithm failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("no answer within " + DEADLINE, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}

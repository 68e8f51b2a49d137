package org.custos.benchmarks.recsys;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.eval.KuaiRandCatalog;
import org.custos.recsys.training.OnlineEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Online training throughput on one thread (one core): each operation is one training step of 512 KuaiRand
 * events (features, one AdaGrad step per event plus the sampled negatives of the engage head, the publish of
 * changed rows to the serving model, trending refresh), cycling through the visible log; the score is events
 * per second.
 *
 * <pre>
 *   java -Dkuairand.dir=../shared/data/kuairand-pure -jar benchmarks/target/benchmarks.jar TrainingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// pinned to one core, C2 compiles the training step on the same core for about 10 s: with 2 warm-up iterations
// the first measured one still ran at 40 % of the later ones
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
// the launcher's settings for the engine: the Vector API for its row arithmetic, huge pages where offered. As
// jvmArgs, not jvmArgsAppend: a -jvmArgsAppend on the command line (the data directory) would replace them.
@Fork(value = 1, jvmArgs = {"--add-modules=jdk.incubator.vector", "-XX:+UseTransparentHugePages"})
@Threads(1)
public class TrainingBenchmark {

    static final int BATCH = 512;

    private OnlineEngine engine;
    private List<InteractionEvent> events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchData data = BenchData.load();
        events = data.events;
        engine = new OnlineEngine(data.catalog, VisibilityFilter.standard(data.catalog),
                EngineConfig.defaults(1, KuaiRandCatalog.ZONE));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double learnBatch() {
        if (next + BATCH > events.size()) {
            next = 0;
        }
        double loss = engine.learn(events.subList(next, next + BATCH));
        next += BATCH;
        return loss;
    }
}

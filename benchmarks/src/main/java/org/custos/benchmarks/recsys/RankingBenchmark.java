package org.custos.benchmarks.recsys;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.FeedRequest;
import org.custos.recsys.Recommendation;
import org.custos.recsys.Viewer;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.eval.KuaiRandCatalog;
import org.custos.recsys.eval.KuaiRandLog;
import org.custos.recsys.training.OnlineEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of one For You page of at most 500 candidates: the HNSW index (300) and regional trending (200), the
 * other sources off, ranked by the multi-task model (one serving-model read lock for all of them) and re-ranked,
 * for a member of the KuaiRand data after the engine has learnt the whole visible log. One thread, so one core.
 *
 * <pre>
 *   mvn -B -q -pl recsys-eval -am install -DskipTests &amp;&amp; mvn -B -q -pl benchmarks package -DskipTests
 *   java -Dkuairand.dir=../shared/data/kuairand-pure -jar benchmarks/target/benchmarks.jar RankingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// pinned to one core, C2 shares the core with the benchmark and needs about 10 s of pages before they are
// compiled: shorter warm-ups put the compiler's work into the measured percentiles
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 2)
// the launcher's settings for the engine: the Vector API for its row arithmetic, huge pages where offered. As
// jvmArgs, not jvmArgsAppend: a -jvmArgsAppend on the command line (the data directory) would replace them.
@Fork(value = 1, jvmArgs = {"--add-modules=jdk.incubator.vector", "-XX:+UseTransparentHugePages"})
@Threads(1)
public class RankingBenchmark {

    private OnlineEngine engine;
    private long[] users;
    private Instant at;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchData data = BenchData.load();
        EngineConfig d = EngineConfig.defaults(1, KuaiRandCatalog.ZONE);
        EngineConfig config = new EngineConfig(d.model(), d.zone(), 300, 200, 0, 0, 0, d.freshWindow(),
                d.freshImpressions(), d.explorationBonus(), d.trendingHalfLife(), d.taskWeights(), d.valueExponent(),
                d.negativesPerPositive(), d.popularityWindow(), d.page(), d.historyPerUser(), 512,
                d.indexRebuildEvery(), d.snapshotEvery());
        engine = new OnlineEngine(data.catalog, VisibilityFilter.standard(data.catalog), config);
        for (int i = 0; i < data.events.size(); i += 512) {
            engine.learn(data.events.subList(i, Math.min(data.events.size(), i + 512)));
        }
        engine.rebuildIndex();
        users = data.events.stream().mapToLong(e -> e.userId()).distinct().limit(5_000).toArray();
        at = data.events.getLast().at();
    }

    @Benchmark
    public List<Recommendation> recommendPage() {
        long user = users[next++ % users.length];
        return engine.recommend(new FeedRequest(Viewer.member(user), KuaiRandLog.REGION, 20, at));
    }
}

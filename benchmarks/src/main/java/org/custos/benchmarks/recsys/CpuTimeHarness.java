package org.custos.benchmarks.recsys;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.FeedRequest;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.Viewer;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.eval.KuaiRandCatalog;
import org.custos.recsys.eval.KuaiRandLog;
import org.custos.recsys.training.OnlineEngine;

/**
 * Training throughput and ranking cost measured in the CPU time of the measuring thread, beside wall time. On a
 * shared machine the wall-clock scores of {@link TrainingBenchmark} and {@link RankingBenchmark} mostly measure how
 * long the thread waited for a core; CPU time measures what one core's worth of work the engine needs, which is
 * what "events per second per core" asks. Run it pinned to one core ({@code taskset -c 1}) so the JIT and GC
 * threads do not borrow the other.
 *
 * <p>Training: {@code rounds} times, a fresh engine learns the whole visible log in batches of 512 (the same work
 * per event as {@link TrainingBenchmark}); then the last engine, its tables full, learns the log once more.
 * Ranking: after the last round, pages of 20 from 500 candidates (300
 * nearest neighbours, 200 trending) for 5,000 members in turn, {@code rounds} times; CPU time per page and wall
 * percentiles. Then the model's share alone on exactly 500 candidates: {@code score} of 500 distinct videos for
 * one member, 2,000 calls per round.
 *
 * <pre>
 *   taskset -c 1 java --add-modules jdk.incubator.vector -XX:+UseTransparentHugePages -Xmx2g \
 *       -Dkuairand.dir=../shared/data/kuairand-pure -cp benchmarks/target/benchmarks.jar \
 *       org.custos.benchmarks.recsys.CpuTimeHarness 5
 * </pre>
 */
public final class CpuTimeHarness {

    private CpuTimeHarness() {
    }

    /** The defaults with 300 nearest neighbours, 200 trending and no other source: at most 500 candidates. */
    static EngineConfig config() {
        EngineConfig d = EngineConfig.defaults(1, KuaiRandCatalog.ZONE);
        return new EngineConfig(d.model(), d.zone(), 300, 200, 0, 0, 0, d.freshWindow(),
                d.freshImpressions(), d.explorationBonus(), d.trendingHalfLife(), d.taskWeights(), d.valueExponent(),
                d.negativesPerPositive(), d.popularityWindow(), d.page(), d.historyPerUser(), TrainingBenchmark.BATCH,
                d.indexRebuildEvery(), d.snapshotEvery());
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        BenchData data = BenchData.load();
        List<InteractionEvent> events = data.events;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        EngineConfig config = config();
        System.out.printf("load average before: %.2f%n", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
        OnlineEngine engine = null;
        for (int round = 1; round <= rounds; round++) {
            engine = new OnlineEngine(data.catalog, VisibilityFilter.standard(data.catalog), config);
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < events.size(); i += TrainingBenchmark.BATCH) {
                engine.learn(events.subList(i, Math.min(events.size(), i + TrainingBenchmark.BATCH)));
            }
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            System.out.printf("training round %d: %,.0f events per CPU-second, %,.0f events/s wall (%d events)%n",
                    round, events.size() / cpuSeconds, events.size() / wallSeconds, events.size());
        }
        // the same log again on the last engine, whose tables are now full: a long-running trainer's case, with
        // every key's row already there and the tables at their largest (fresh engines grow them from empty)
        long again = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < events.size(); i += TrainingBenchmark.BATCH) {
            engine.learn(events.subList(i, Math.min(events.size(), i + TrainingBenchmark.BATCH)));
        }
        System.out.printf("training on the full model (the log once more): %,.0f events per CPU-second%n",
                events.size() / ((threads.getCurrentThreadCpuTime() - again) / 1e9));
        engine.rebuildIndex();
        long[] users = events.stream().mapToLong(InteractionEvent::userId).distinct().limit(5_000).toArray();
        Instant at = events.getLast().at();
        for (int round = 1; round <= rounds; round++) {
            long[] wall = new long[users.length];
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < users.length; i++) {
                long start = System.nanoTime();
                engine.recommend(new FeedRequest(Viewer.member(users[i]), KuaiRandLog.REGION, 20, at));
                wall[i] = System.nanoTime() - start;
            }
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / users.length;
            Arrays.sort(wall);
            System.out.printf("ranking round %d: %.2f ms CPU per page; wall p50 %.2f, p90 %.2f, p99 %.2f, "
                            + "p99.9 %.2f ms (%d pages)%n", round, cpuMs, wall[users.length / 2] / 1e6,
                    wall[users.length * 9 / 10] / 1e6, wall[users.length * 99 / 100] / 1e6,
                    wall[users.length * 999 / 1000] / 1e6, users.length);
        }
        // the model's share of a page, on exactly 500 candidates: a member's score for 500 videos in one call
        List<InteractionEvent> impressions = new java.util.ArrayList<>(500);
        for (long video : events.stream().mapToLong(InteractionEvent::videoId).distinct().limit(500).toArray()) {
            impressions.add(new InteractionEvent(users[0], video, at, 0, false, false, false, false, false, 0,
                    KuaiRandLog.REGION));
        }
        double[][] scores = new double[500][4];
        for (int round = 1; round <= rounds; round++) {
            long[] wall = new long[2_000];
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < wall.length; i++) {
                long start = System.nanoTime();
                engine.score(impressions, scores);
                wall[i] = System.nanoTime() - start;
            }
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / wall.length;
            Arrays.sort(wall);
            System.out.printf("scoring 500 candidates, round %d: %.2f ms CPU per call; wall p50 %.2f, p99 %.2f ms%n",
                    round, cpuMs, wall[wall.length / 2] / 1e6, wall[wall.length * 99 / 100] / 1e6);
        }
        System.out.printf("load average after: %.2f%n", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage());
    }
}

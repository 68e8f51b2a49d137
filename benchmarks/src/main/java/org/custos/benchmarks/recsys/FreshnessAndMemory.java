package org.custos.benchmarks.recsys;

import java.lang.management.ManagementFactory;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.ForYouEngine;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.eval.KuaiRandCatalog;
import org.custos.recsys.training.OnlineEngine;

/**
 * Two measurements that JMH does not fit:
 * <ul>
 *   <li>memory: the whole visible KuaiRand log learnt by one engine; live heap (after full GCs) with and without
 *       it, embedding rows on the training and serving sides, and so bytes per row;</li>
 *   <li>freshness: events handed to a running {@link ForYouEngine} with {@code accept} at a steady rate; for each
 *       event the wall time until the serving model includes it ({@code health().learntPosition()} passes it),
 *       as percentiles.</li>
 * </ul>
 * <pre>
 *   java -Dkuairand.dir=../shared/data/kuairand-pure -cp benchmarks/target/benchmarks.jar \
 *       org.custos.benchmarks.recsys.FreshnessAndMemory [events-per-second] [seconds]
 * </pre>
 */
public final class FreshnessAndMemory {

    private FreshnessAndMemory() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        BenchData data = BenchData.load();
        memory(data);
        freshness(data, rate, seconds);
    }

    private static long liveHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void memory(BenchData data) throws InterruptedException {
        long before = liveHeap();
        OnlineEngine engine = new OnlineEngine(data.catalog, VisibilityFilter.standard(data.catalog),
                EngineConfig.defaults(1, KuaiRandCatalog.ZONE));
        for (int i = 0; i < data.events.size(); i += 512) {
            engine.learn(data.events.subList(i, Math.min(data.events.size(), i + 512)));
        }
        engine.rebuildIndex();
        long after = liveHeap();
        int trainingRows = engine.trainingModel().table().size();
        int servingRows = engine.servingModel().size();
        long total = after - before;
        System.out.printf(Locale.ROOT, "memory: events=%d trainingRows=%d servingRows=%d indexedVideos=%d%n",
                data.events.size(), trainingRows, servingRows, engine.indexedVideos());
        System.out.printf(Locale.ROOT, "memory: engine live heap %.1f MiB (model, sketch, index, histories, counts)%n",
                total / 1048576.0);
        System.out.printf(Locale.ROOT, "memory: whole engine per training row %.0f bytes%n",
                (double) total / trainingRows);
        // keep the engine reachable until measured
        if (engine.trainingModel().updates() < 0) {
            System.out.println(engine);
        }
    }

    private static void freshness(BenchData data, int rate, int seconds) throws Exception {
        ForYouEngine engine = ForYouEngine.inMemory(data.catalog, VisibilityFilter.standard(data.catalog),
                EngineConfig.defaults(1, KuaiRandCatalog.ZONE), InstantSource.system());
        int total = rate * seconds;
        int tick = 100;
        long[] sentAt = new long[total];
        long[] learntAt = new long[total];
        Thread watcher = Thread.ofPlatform().start(() -> {
            int seen = 0;
            while (seen < total) {
                long position = engine.health().learntPosition();
                long now = System.nanoTime();
                while (seen < position) {
                    learntAt[seen++] = now;
                }
                Thread.onSpinWait();
            }
        });
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L * tick / rate;
        for (int sent = 0; sent < total; sent += tick) {
            long due = start + (sent / tick) * periodNanos;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            List<InteractionEvent> batch = new ArrayList<>(tick);
            for (int i = sent; i < sent + tick; i++) {
                batch.add(data.events.get(i % data.events.size()));
            }
            long now = System.nanoTime();
            Arrays.fill(sentAt, sent, sent + tick, now);
            engine.accept(batch);
        }
        watcher.join();
        engine.close();
        double[] latencyMs = new double[total];
        for (int i = 0; i < total; i++) {
            latencyMs[i] = (learntAt[i] - sentAt[i]) / 1e6;
        }
        Arrays.sort(latencyMs);
        System.out.printf(Locale.ROOT, "freshness: %d events at %d/s: event-to-serving-model p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%n", total, rate, latencyMs[total / 2], latencyMs[(int) (total * 0.99)],
                latencyMs[total - 1]);
    }
}

package org.custos.benchmarks.recsys;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.eval.KuaiRandCatalog;
import org.custos.recsys.training.OnlineEngine;

/**
 * One round of {@link CpuTimeHarness}'s training measure, for {@link PairedTrainingHarness}: a fresh engine learns
 * the whole visible log in batches of {@link TrainingBenchmark#BATCH}; events per CPU-second of this thread. Loaded
 * once per build, by that build's class loader, so it only uses the engine's public API.
 */
public final class TrainingRound {

    private final BenchData data;
    private final EngineConfig config;

    public TrainingRound() throws Exception {
        data = BenchData.load();
        config = CpuTimeHarness.config();
    }

    public double run() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<InteractionEvent> events = data.events;
        OnlineEngine engine = new OnlineEngine(data.catalog, VisibilityFilter.standard(data.catalog), config);
        long cpu = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < events.size(); i += TrainingBenchmark.BATCH) {
            engine.learn(events.subList(i, Math.min(events.size(), i + TrainingBenchmark.BATCH)));
        }
        return events.size() / ((threads.getCurrentThreadCpuTime() - cpu) / 1e9);
    }
}

package org.custos.benchmarks.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.SplittableRandom;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.RankQuery;

/**
 * What one target costs the host: every fact of a population sent in the host's batches and learnt (up to a sync
 * that answers once all are learnt), then single-threaded rank calls for random viewers, each timed from the call
 * to the answer, after an untimed warm-up.
 */
final class BoundaryPhases {
    static final int BATCH = 512;
    static final int PAGE = 20;

    /** Facts per second and the rank latencies of one target. */
    record Result(String target, long facts, double factsPerSecond, Latencies.Summary rank) {
    }

    private BoundaryPhases() {
    }

    static Result run(Target target, Population population, int warmUpRanks, int ranks, PrintStream progress)
            throws IOException {
        progress.printf("  %s: %,d facts ...%n", target.name(), population.published().size()
                + population.watched().size());
        long start = System.nanoTime();
        send(target, population.published());
        send(target, population.watched());
        target.sync();
        double seconds = (System.nanoTime() - start) / 1e9;
        long facts = population.published().size() + population.watched().size();
        progress.printf("  %s: %,.0f facts/s; %,d rank calls ...%n", target.name(), facts / seconds, ranks);
        SplittableRandom random = new SplittableRandom(7);
        long at = Population.START_MS + population.watched().size() * 1_000L;
        for (int i = 0; i < warmUpRanks; i++) {
            target.rank(new RankQuery(1 + random.nextInt(population.viewers()), at, PAGE));
        }
        Latencies latencies = new Latencies();
        for (int i = 0; i < ranks; i++) {
            RankQuery query = new RankQuery(1 + random.nextInt(population.viewers()), at, PAGE);
            long t0 = System.nanoTime();
            var page = target.rank(query);
            long t1 = System.nanoTime();
            if (page.isEmpty()) {
                latencies.fail();
            } else {
                latencies.record(t1 - t0);
            }
        }
        return new Result(target.name(), facts, facts / seconds, latencies.summary());
    }

    private static void send(Target target, List<Fact> facts) throws IOException {
        for (int from = 0; from < facts.size(); from += BATCH) {
            target.send(facts.subList(from, Math.min(facts.size(), from + BATCH)));
        }
    }
}

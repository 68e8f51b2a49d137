package org.custos.benchmarks.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.custos.recsys.api.Audience;
import org.custos.recsys.api.Fact;

/**
 * A deterministic synthetic population in the contract's terms: {@code videos} published by {@code videos / 5}
 * authors, then {@code watches} plays by {@code viewers} viewers with a Zipf-like popularity over videos (a few
 * hits, a long tail), one second apart, a third of them completed and one in twenty liked.
 */
record Population(int viewers, int videos, List<Fact> published, List<Fact> watched) {

    static final long START_MS = 1_790_000_000_000L;

    static Population of(int viewers, int videos, int watches, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Fact> published = new ArrayList<>(videos);
        for (int v = 0; v < videos; v++) {
            published.add(new Fact.VideoPublished(1 + v, 1_000_000 + v % Math.max(1, videos / 5), 15_000 + v % 45_000,
                    START_MS - 86_400_000L + v, Audience.PUBLIC, List.of("tag" + v % 50)));
        }
        double[] cumulative = new double[videos];
        double sum = 0;
        for (int v = 0; v < videos; v++) {
            sum += 1.0 / Math.pow(v + 1, 0.9);
            cumulative[v] = sum;
        }
        List<Fact> watched = new ArrayList<>(watches);
        for (int i = 0; i < watches; i++) {
            int index = java.util.Arrays.binarySearch(cumulative, random.nextDouble() * sum);
            int video = index >= 0 ? index : Math.min(videos - 1, -index - 1);
            long duration = 15_000 + video % 45_000;
            int roll = random.nextInt(60);
            int flags = roll < 20 ? Fact.Watched.COMPLETED : roll < 40 ? Fact.Watched.SKIPPED : 0;
            if (roll % 20 == 3) {
                flags |= Fact.Watched.LIKED;
            }
            long watchedMs = (flags & Fact.Watched.COMPLETED) != 0 ? duration : (flags & Fact.Watched.SKIPPED) != 0
                    ? 1_000 : duration / 2;
            watched.add(new Fact.Watched(1 + random.nextInt(viewers), 1 + video, START_MS + i * 1_000L, watchedMs,
                    duration, flags, 1));
        }
        return new Population(viewers, videos, List.copyOf(published), List.copyOf(watched));
    }
}

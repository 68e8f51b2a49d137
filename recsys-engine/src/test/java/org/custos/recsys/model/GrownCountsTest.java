package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class GrownCountsTest {

    /** An operation: add weight to id, or (weight < 0) drop everything below -weight. */
    record Op(long id, double weight) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Long> ids = Arbitraries.oneOf(Arbitraries.longs().between(0, 40),
                Arbitraries.of(Long.MAX_VALUE, 1L << 40, 1L << 41));
        Arbitrary<Op> add = Arbitraries.doubles().between(0.01, 3).flatMap(w -> ids.map(id -> new Op(id, w)));
        Arbitrary<Op> drop = Arbitraries.doubles().between(0.5, 4).map(t -> new Op(-1, -t));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, add), net.jqwik.api.Tuple.of(1, drop))
                .list().ofMaxSize(400);
    }

    @Property(tries = 300)
    void addAndRemoveBelow_matchAPlainMap(@ForAll("operations") List<Op> ops) {
        GrownCounts counts = new GrownCounts(4);
        Map<Long, Double> expected = new HashMap<>();
        for (Op op : ops) {
            if (op.weight() >= 0) {
                counts.add(op.id(), op.weight());
                expected.merge(op.id(), op.weight(), Double::sum);
            } else {
                double threshold = -op.weight();
                Map<Long, Double> dropped = new HashMap<>();
                counts.removeBelow(threshold, (id, bucket) -> dropped.put(id, 0.0));
                Map<Long, Double> shouldDrop = new HashMap<>();
                expected.forEach((id, c) -> {
                    if (c < threshold) {
                        shouldDrop.put(id, 0.0);
                    }
                });
                assertThat(dropped).isEqualTo(shouldDrop);
                expected.keySet().removeAll(shouldDrop.keySet());
            }
            assertThat(counts.size()).isEqualTo(expected.size());
        }
        Map<Long, Double> actual = new HashMap<>();
        counts.forEach(actual::put);
        assertThat(actual).isEqualTo(expected);
    }

    @Property(tries = 100)
    void collect_publishesEachBucketChangeOnce(@ForAll("operations") List<Op> ops) {
        GrownCounts counts = new GrownCounts(4);
        Map<Long, Integer> published = new HashMap<>();
        long[] ids = new long[1024];
        double[] scores = new double[1024];
        for (Op op : ops) {
            if (op.weight() >= 0) {
                counts.add(op.id(), op.weight());
            }
            int n = counts.collect(ids, scores, grown -> (int) Math.floor(grown),
                    (id, before, after) -> {
                        assertThat(published.getOrDefault(id, 0)).isEqualTo(before);
                        published.put(id, after);
                    });
            assertThat(n).isEqualTo(counts.size());
            for (int i = 0; i < n; i++) {
                assertThat(published.getOrDefault(ids[i], 0)).isEqualTo((int) Math.floor(scores[i]));
            }
        }
    }
}

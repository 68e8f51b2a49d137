package org.custos.recsys.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AffinitiesTest {

    @Test
    void top_manyVideosWithTies_matchesAFullSortByAffinityThenId() {
        Random random = new Random(7);
        Affinities affinities = new Affinities(4);
        Map<Long, Double> expected = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            long video = random.nextInt(3_000);
            double amount = random.nextInt(5); // small integers: many exact ties
            affinities.add(video, amount);
            expected.merge(video, amount, Double::sum);
        }

        long[] best = expected.entrySet().stream()
                .sorted(Map.Entry.<Long, Double>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
                .limit(200).mapToLong(Map.Entry::getKey).toArray();

        assertThat(affinities.top(200)).containsExactly(best);
        assertThat(affinities.size()).isEqualTo(expected.size());
        expected.forEach((video, sum) -> assertThat(affinities.get(video)).isEqualTo(sum));
        assertThat(affinities.get(-5)).isZero();
    }

    @Test
    void top_fewerVideosThanTheLimit_returnsThemAllBestFirst() {
        Affinities affinities = new Affinities(4);
        affinities.add(3, 1.0);
        affinities.add(1, 2.0);

        assertThat(affinities.top(10)).containsExactly(1L, 3L);
        assertThat(affinities.top(0)).isEmpty();
    }
}

package org.custos.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopKMetricsTest {

    // list 1..5, relevant {1, 3, 9}: hits at ranks 1 and 3
    private static final List<Long> LIST = List.of(1L, 2L, 3L, 4L, 5L);
    private static final Set<Long> RELEVANT = Set.of(1L, 3L, 9L);

    @Test
    void precision_twoHitsInFive_dividesByKNotByListLength() {
        assertThat(TopKMetrics.precision(LIST, RELEVANT, 5)).isCloseTo(2 / 5.0, within(1e-12));
        // a list shorter than k is not excused, as in Recommenders (and Spark)
        assertThat(TopKMetrics.precision(LIST, RELEVANT, 10)).isCloseTo(2 / 10.0, within(1e-12));
    }

    @Test
    void recall_twoOfThreeRelevantFound_isTwoThirds() {
        assertThat(TopKMetrics.recall(LIST, RELEVANT, 5)).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(TopKMetrics.recall(LIST, RELEVANT, 2)).isCloseTo(1 / 3.0, within(1e-12));
    }

    @Test
    void ndcg_hitsAtRanksOneAndThree_overIdealOfThreeHits() {
        double dcg = 1 / log2(2) + 1 / log2(4);
        double ideal = 1 / log2(2) + 1 / log2(3) + 1 / log2(4);
        assertThat(TopKMetrics.ndcg(LIST, RELEVANT, 5)).isCloseTo(dcg / ideal, within(1e-12));
        // at k = 2 the ideal holds only 2 hits: 1 / (1 + 1/log2(3))
        assertThat(TopKMetrics.ndcg(LIST, RELEVANT, 2)).isCloseTo(1 / (1 + 1 / log2(3)), within(1e-12));
    }

    @Test
    void averagePrecision_dividesByAllRelevant_atKByMinOfRelevantAndK() {
        double sum = 1 / 1.0 + 2 / 3.0;
        assertThat(TopKMetrics.averagePrecision(LIST, RELEVANT, 5)).isCloseTo(sum / 3, within(1e-12));
        assertThat(TopKMetrics.averagePrecisionAtK(LIST, RELEVANT, 5)).isCloseTo(sum / 3, within(1e-12));
        // k = 2: only the hit at rank 1 counts; min(3, 2) = 2
        assertThat(TopKMetrics.averagePrecision(LIST, RELEVANT, 2)).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(TopKMetrics.averagePrecisionAtK(LIST, RELEVANT, 2)).isCloseTo(1 / 2.0, within(1e-12));
    }

    @Test
    void allMetrics_noHitOrNoRelevant_areZero() {
        Set<Long> none = Set.of(42L);
        assertThat(TopKMetrics.precision(LIST, none, 5)).isZero();
        assertThat(TopKMetrics.ndcg(LIST, none, 5)).isZero();
        assertThat(TopKMetrics.averagePrecision(LIST, Set.of(), 5)).isZero();
        assertThat(TopKMetrics.averagePrecisionAtK(List.of(), RELEVANT, 5)).isZero();
    }

    @Test
    void allMetrics_perfectList_areOne() {
        List<Long> perfect = List.of(1L, 3L, 9L);
        assertThat(TopKMetrics.ndcg(perfect, RELEVANT, 3)).isCloseTo(1, within(1e-12));
        assertThat(TopKMetrics.averagePrecision(perfect, RELEVANT, 3)).isCloseTo(1, within(1e-12));
        assertThat(TopKMetrics.precision(perfect, RELEVANT, 3)).isCloseTo(1, within(1e-12));
        assertThat(TopKMetrics.recall(perfect, RELEVANT, 3)).isCloseTo(1, within(1e-12));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}

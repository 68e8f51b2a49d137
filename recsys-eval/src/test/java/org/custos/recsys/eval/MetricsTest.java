package org.custos.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void auc_handComputedCase_matchesPairCount() {
        // positives 0.9, 0.4; negatives 0.5, 0.1: pairs won (0.9>0.5, 0.9>0.1, 0.4>0.1) = 3 of 4
        double auc = Metrics.auc(new double[] {0.9, 0.5, 0.4, 0.1}, new boolean[] {true, false, true, false});
        assertThat(auc).isEqualTo(0.75);
    }

    @Test
    void auc_tiesAcrossClasses_countHalf() {
        double auc = Metrics.auc(new double[] {0.5, 0.5, 0.5}, new boolean[] {true, false, false});
        assertThat(auc).isEqualTo(0.5);
    }

    @Test
    void auc_oneClassOnly_isNaN() {
        assertThat(Metrics.auc(new double[] {0.1, 0.2}, new boolean[] {true, true})).isNaN();
    }

    @Test
    void gauc_weightsUsersByImpressionsAndSkipsOneClassUsers() {
        long[] users = {1, 1, 1, 1, 2, 2, 3, 3};
        double[] scores = {0.9, 0.5, 0.4, 0.1, 0.2, 0.8, 0.3, 0.7};
        boolean[] labels = {true, false, true, false, true, false, true, true};
        // user 1: AUC 0.75 over 4 impressions; user 2: AUC 0 over 2; user 3 has one class and is skipped
        assertThat(Metrics.gauc(users, scores, labels)).isCloseTo((0.75 * 4 + 0 * 2) / 6, within(1e-12));
    }

    @Test
    void logloss_handComputed() {
        double ll = Metrics.logloss(new double[] {0.8, 0.3}, new boolean[] {true, false});
        assertThat(ll).isCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, within(1e-12));
    }

    @Test
    void ndcgRecallHitRate_handComputedList() {
        List<Long> ranked = List.of(10L, 20L, 30L, 40L);
        Set<Long> relevant = Set.of(20L, 40L, 99L);
        double dcg = 1 / log2(3) + 1 / log2(5);
        double ideal = 1 + 1 / log2(3) + 1 / log2(4);

        assertThat(Metrics.ndcg(ranked, relevant, 4)).isCloseTo(dcg / ideal, within(1e-12));
        assertThat(Metrics.recall(ranked, relevant, 2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(Metrics.hitRate(ranked, relevant, 1)).isZero();
        assertThat(Metrics.hitRate(ranked, relevant, 2)).isEqualTo(1);
    }

    @Property(tries = 100)
    void auc_equalsBruteForcePairCount(@ForAll @Size(min = 2, max = 40) List<@DoubleRange(min = 0, max = 1) Double> s,
                                       @ForAll long labelBits) {
        double[] scores = s.stream().mapToDouble(Double::doubleValue).map(x -> Math.round(x * 10) / 10.0).toArray();
        boolean[] labels = new boolean[scores.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ((labelBits >>> (i % 64)) & 1) == 1;
        }
        double won = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (labels[i] && !labels[j]) {
                    pairs++;
                    won += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        double auc = Metrics.auc(scores, labels);
        if (pairs == 0) {
            assertThat(auc).isNaN();
        } else {
            assertThat(auc).isCloseTo(won / pairs, within(1e-12));
        }
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}

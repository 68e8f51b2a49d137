package org.custos.recsys.eval;

import java.util.List;
import java.util.Set;

/**
 * The top-k metrics of Microsoft Recommenders' {@code python_evaluation}, per user, with binary relevance (the
 * caller averages over users). Ranks start at 1; only the first k of the list count.
 * <ul>
 *   <li>{@code precision_at_k}: hits / k (a list shorter than k is not excused);</li>
 *   <li>{@code recall_at_k}: hits / relevant ({@link Metrics#recall});</li>
 *   <li>{@code ndcg_at_k} with binary scores: DCG over the DCG of min(k, relevant) hits ({@link Metrics#ndcg};
 *       the logarithm's base cancels);</li>
 *   <li>{@code map}: the sum over hits of (hits so far / rank), divided by the number of relevant items; this is
 *       what Recommenders' {@code map_at_k} computed when its published MovieLens table was made;</li>
 *   <li>{@code map_at_k} (current Recommenders, after Spark): the same sum divided by min(relevant, k).</li>
 * </ul>
 */
public final class TopKMetrics {

    private TopKMetrics() {
    }

    public static double precision(List<Long> ranked, Set<Long> relevant, int k) {
        return (double) Metrics.hits(ranked, relevant, k) / k;
    }

    public static double recall(List<Long> ranked, Set<Long> relevant, int k) {
        return Metrics.recall(ranked, relevant, k);
    }

    public static double ndcg(List<Long> ranked, Set<Long> relevant, int k) {
        return Metrics.ndcg(ranked, relevant, k);
    }

    /** Average precision normalised by all relevant items (Recommenders' {@code map}). */
    public static double averagePrecision(List<Long> ranked, Set<Long> relevant, int k) {
        return relevant.isEmpty() ? 0 : precisionSum(ranked, relevant, k) / relevant.size();
    }

    /** Average precision normalised by min(relevant, k) (Recommenders' current {@code map_at_k}). */
    public static double averagePrecisionAtK(List<Long> ranked, Set<Long> relevant, int k) {
        return relevant.isEmpty() ? 0 : precisionSum(ranked, relevant, k) / Math.min(relevant.size(), k);
    }

    private static double precisionSum(List<Long> ranked, Set<Long> relevant, int k) {
        double sum = 0;
        int hits = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                hits++;
                sum += (double) hits / (i + 1);
            }
        }
        return sum;
    }
}

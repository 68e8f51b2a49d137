package org.custos.recsys.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ranking and calibration metrics, exact (no sampling), with ties counted as half. */
public final class Metrics {

    private Metrics() {
    }

    /** Area under the ROC curve (Mann-Whitney), or NaN when either class is absent. */
    public static double auc(double[] scores, boolean[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPositives = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    rankSumPositives += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Group AUC: the AUC of each user's impressions, averaged with weights equal to the user's impression count,
     * over users who have both outcomes. NaN when no user has both.
     */
    public static double gauc(long[] users, double[] scores, boolean[] labels) {
        Map<Long, int[]> index = new HashMap<>();
        for (int i = 0; i < users.length; i++) {
            index.computeIfAbsent(users[i], u -> new int[] {0})[0]++;
        }
        Map<Long, int[]> members = new HashMap<>();
        for (Map.Entry<Long, int[]> e : index.entrySet()) {
            members.put(e.getKey(), new int[e.getValue()[0] + 1]);
        }
        for (int i = 0; i < users.length; i++) {
            int[] list = members.get(users[i]);
            list[++list[0]] = i;
        }
        double weighted = 0;
        long weight = 0;
        for (int[] list : members.values()) {
            int n = list[0];
            double[] s = new double[n];
            boolean[] l = new boolean[n];
            for (int k = 0; k < n; k++) {
                s[k] = scores[list[k + 1]];
                l[k] = labels[list[k + 1]];
            }
            double a = auc(s, l);
            if (!Double.isNaN(a)) {
                weighted += a * n;
                weight += n;
            }
        }
        return weight == 0 ? Double.NaN : weighted / weight;
    }

    /** Mean binary cross-entropy, with probabilities clipped to [1e-7, 1 - 1e-7]. */
    public static double logloss(double[] probabilities, boolean[] labels) {
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(1 - 1e-7, Math.max(1e-7, probabilities[i]));
            sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
        }
        return sum / probabilities.length;
    }

    /** Share of the relevant items found in the first k of the ranked list. */
    public static double recall(List<Long> ranked, Set<Long> relevant, int k) {
        return relevant.isEmpty() ? 0 : (double) hits(ranked, relevant, k) / relevant.size();
    }

    /** 1 when any relevant item is in the first k, else 0. */
    public static double hitRate(List<Long> ranked, Set<Long> relevant, int k) {
        return hits(ranked, relevant, k) > 0 ? 1 : 0;
    }

    /** Binary-relevance nDCG at k: DCG of the list over the DCG of an ideal list. */
    public static double ndcg(List<Long> ranked, Set<Long> relevant, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                dcg += 1 / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /** How many of the first {@code k} of {@code ranked} are relevant (shared with {@link TopKMetrics}). */
    static int hits(List<Long> ranked, Set<Long> relevant, int k) {
        int hits = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                hits++;
            }
        }
        return hits;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}

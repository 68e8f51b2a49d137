package org.custos.recsys.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reference points computed on the same split as the engine, written out here so nothing outside the repository
 * is needed: popularity, and an item-to-item recommender in the manner of SAR (Recommenders' "simple algorithm
 * for recommendation") with the settings of its published MovieLens run: Jaccard similarity of item
 * co-occurrence, user affinity = rating times a time decay with a half-life of 30 days before the last training
 * rating. Both leave out what the user rated in training.
 */
final class MovieLensBaselines {

    private static final double HALF_LIFE_DAYS = 30;

    private final List<Long> items;
    private final Map<Long, Integer> index = new HashMap<>();
    private final Map<Long, Map<Integer, Double>> affinity = new HashMap<>();
    private final int[] counts;
    private final double[][] similarity;

    MovieLensBaselines(List<MovieLensData.Rating> train) {
        List<Long> ids = new ArrayList<>();
        for (MovieLensData.Rating r : train) {
            if (index.putIfAbsent(r.item(), ids.size()) == null) {
                ids.add(r.item());
            }
        }
        items = List.copyOf(ids);
        int n = items.size();
        counts = new int[n];
        Instant latest = train.stream().map(MovieLensData.Rating::at).max(Instant::compareTo).orElse(Instant.EPOCH);
        for (MovieLensData.Rating r : train) {
            int i = index.get(r.item());
            counts[i]++;
            double ageDays = (latest.getEpochSecond() - r.at().getEpochSecond()) / 86_400.0;
            affinity.computeIfAbsent(r.user(), u -> new HashMap<>())
                    .merge(i, r.rating() * Math.pow(2, -ageDays / HALF_LIFE_DAYS), Double::sum);
        }
        int[][] together = new int[n][n];
        for (Map<Integer, Double> rated : affinity.values()) {
            int[] list = rated.keySet().stream().mapToInt(Integer::intValue).toArray();
            for (int a : list) {
                for (int b : list) {
                    together[a][b]++;
                }
            }
        }
        similarity = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                int c = together[a][b];
                similarity[a][b] = c == 0 ? 0 : c / (double) (together[a][a] + together[b][b] - c);
            }
        }
    }

    /** The k most-rated training items the user has not rated in training (ties: lower id first). */
    List<Long> popularity(long user, Set<Long> seen, int k) {
        double[] score = new double[items.size()];
        for (int i = 0; i < score.length; i++) {
            score[i] = counts[i];
        }
        return top(score, seen, k);
    }

    /** The k items with the highest affinity-weighted similarity to the user's training items. */
    List<Long> itemSimilarity(long user, Set<Long> seen, int k) {
        double[] score = new double[items.size()];
        for (Map.Entry<Integer, Double> rated : affinity.getOrDefault(user, Map.of()).entrySet()) {
            double[] row = similarity[rated.getKey()];
            double weight = rated.getValue();
            for (int j = 0; j < score.length; j++) {
                score[j] += weight * row[j];
            }
        }
        return top(score, seen, k);
    }

    private List<Long> top(double[] score, Set<Long> seen, int k) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < score.length; i++) {
            if (!seen.contains(items.get(i))) {
                order.add(i);
            }
        }
        order.sort((a, b) -> {
            int c = Double.compare(score[b], score[a]);
            return c != 0 ? c : Long.compare(items.get(a), items.get(b));
        });
        return order.subList(0, Math.min(k, order.size())).stream().map(items::get).toList();
    }
}

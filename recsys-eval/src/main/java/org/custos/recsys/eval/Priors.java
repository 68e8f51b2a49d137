package org.custos.recsys.eval;

import java.util.HashMap;
import java.util.Map;
import org.custos.recsys.InteractionEvent;

/**
 * The pointwise baselines, updated online from the same stream as the engine so that every prediction uses only
 * past events: a constant (the global rate so far), an item prior (the item's smoothed past rate) and a user +
 * item prior (both smoothed rates combined as independent evidence in log-odds around the global rate). The
 * smoothing adds {@link #SMOOTHING} pseudo-impressions at the global rate, so a new item starts at the global
 * rate and moves to its own rate as impressions accrue.
 */
final class Priors {

    static final double SMOOTHING = 10;

    /** Which label a prior counts. */
    enum Label {
        CLICK, LONG_VIEW;

        boolean of(InteractionEvent e) {
            return this == CLICK ? e.validPlay() : e.longView();
        }
    }

    private final Label label;
    private long seen;
    private long positives;
    private final Map<Long, long[]> items = new HashMap<>();
    private final Map<Long, long[]> users = new HashMap<>();

    Priors(Label label) {
        this.label = label;
    }

    double constant() {
        return (positives + 1.0) / (seen + 2.0);
    }

    double item(long videoId) {
        return smoothed(items.get(videoId));
    }

    double userItem(long userId, long videoId) {
        double g = logit(constant());
        double z = logit(smoothed(users.get(userId))) + logit(item(videoId)) - g;
        return 1 / (1 + Math.exp(-z));
    }

    void update(InteractionEvent e) {
        boolean y = label.of(e);
        seen++;
        positives += y ? 1 : 0;
        long[] i = items.computeIfAbsent(e.videoId(), k -> new long[2]);
        i[0]++;
        i[1] += y ? 1 : 0;
        long[] u = users.computeIfAbsent(e.userId(), k -> new long[2]);
        u[0]++;
        u[1] += y ? 1 : 0;
    }

    private double smoothed(long[] counts) {
        double prior = constant();
        if (counts == null) {
            return prior;
        }
        return (counts[1] + SMOOTHING * prior) / (counts[0] + SMOOTHING);
    }

    private static double logit(double p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(q / (1 - q));
    }
}

package org.custos.recsys.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.model.Task;

/** AUC, GAUC and log loss of pointwise predictions, and the online prior baselines scored the same way. */
final class PointwiseScores {

    private PointwiseScores() {
    }

    /** Scores engine predictions (per impression, per {@link Task}) against the test labels. */
    static Map<String, Object> score(List<KuaiRandLog.Row> test, double[][] predictions) {
        int n = test.size();
        double[] click = new double[n];
        double[] longView = new double[n];
        for (int i = 0; i < n; i++) {
            click[i] = predictions[i][Task.CLICK.ordinal()];
            longView[i] = predictions[i][Task.LONG_VIEW.ordinal()];
        }
        return both(test, click, longView);
    }

    /**
     * The constant, item-prior and user+item-prior baselines: counted over the training stream, then over the
     * test stream batch by batch, each batch predicted before it is counted (as the engine is).
     */
    static Map<String, Object> baselines(List<KuaiRandLog.Row> train, List<KuaiRandLog.Row> test, int batchSize) {
        Priors click = new Priors(Priors.Label.CLICK);
        Priors longView = new Priors(Priors.Label.LONG_VIEW);
        for (KuaiRandLog.Row row : train) {
            click.update(row.event());
            longView.update(row.event());
        }
        int n = test.size();
        double[][] c = new double[3][n];
        double[][] l = new double[3][n];
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            for (int i = start; i < end; i++) {
                InteractionEvent e = test.get(i).event();
                c[0][i] = click.constant();
                c[1][i] = click.item(e.videoId());
                c[2][i] = click.userItem(e.userId(), e.videoId());
                l[0][i] = longView.constant();
                l[1][i] = longView.item(e.videoId());
                l[2][i] = longView.userItem(e.userId(), e.videoId());
            }
            for (int i = start; i < end; i++) {
                click.update(test.get(i).event());
                longView.update(test.get(i).event());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("constant", both(test, c[0], l[0]));
        out.put("item_prior", both(test, c[1], l[1]));
        out.put("user_item_prior", both(test, c[2], l[2]));
        return out;
    }

    private static Map<String, Object> both(List<KuaiRandLog.Row> test, double[] click, double[] longView) {
        int n = test.size();
        long[] users = new long[n];
        boolean[] clickLabels = new boolean[n];
        boolean[] longLabels = new boolean[n];
        for (int i = 0; i < n; i++) {
            InteractionEvent e = test.get(i).event();
            users[i] = e.userId();
            clickLabels[i] = e.validPlay();
            longLabels[i] = e.longView();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("is_click", task(users, click, clickLabels));
        out.put("long_view", task(users, longView, longLabels));
        return out;
    }

    static Map<String, Double> task(long[] users, double[] p, boolean[] labels) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("auc", Metrics.auc(p, labels));
        out.put("gauc", Metrics.gauc(users, p, labels));
        out.put("logloss", Metrics.logloss(p, labels));
        return out;
    }
}

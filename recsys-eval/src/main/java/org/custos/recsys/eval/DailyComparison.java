package org.custos.recsys.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.model.Task;
import org.custos.recsys.training.OnlineEngine;

/**
 * Daily batch retraining against online learning, day by day (Monolith, section 4.3): for each day after the
 * first, a model trained from scratch on every earlier day (one pass, same batches and settings), frozen for
 * the whole day, predicts that day; the online model's progressive predictions of the same impressions come
 * from the main replay. Both use the same features and seed, so the difference is freshness alone.
 */
final class DailyComparison {

    private DailyComparison() {
    }

    static Map<String, Object> run(KuaiRandCatalog catalog, EngineConfig config, List<KuaiRandLog.Row> train,
                                   List<KuaiRandLog.Row> test, int batchSize, Map<Integer, double[][]> online,
                                   PrintStream progress) {
        List<KuaiRandLog.Row> all = new ArrayList<>(train);
        all.addAll(test);
        Map<Integer, List<Integer>> days = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            days.computeIfAbsent(all.get(i).date(), d -> new ArrayList<>()).add(i);
        }
        List<Integer> dates = new ArrayList<>(days.keySet());
        Progress bar = new Progress(progress, "daily retraining", dates.size() - 1L);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int d = 1; d < dates.size(); d++) {
            int date = dates.get(d);
            int dayStart = days.get(date).getFirst();
            catalog.resetFollows();
            OnlineEngine daily = new OnlineEngine(catalog, VisibilityFilter.standard(catalog), config);
            for (int start = 0; start < dayStart; start += batchSize) {
                List<InteractionEvent> batch = new ArrayList<>();
                for (int i = start; i < Math.min(dayStart, start + batchSize); i++) {
                    batch.add(all.get(i).event());
                }
                daily.learn(batch);
                catalog.observe(batch);
            }
            List<Integer> indices = days.get(date);
            List<InteractionEvent> dayEvents = indices.stream().map(i -> all.get(i).event()).toList();
            double[][] p = new double[dayEvents.size()][Task.COUNT];
            daily.score(dayEvents, p);
            double[] dailyClick = new double[p.length];
            double[] dailyLong = new double[p.length];
            boolean[] clickLabel = new boolean[p.length];
            boolean[] longLabel = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                dailyClick[i] = p[i][Task.CLICK.ordinal()];
                dailyLong[i] = p[i][Task.LONG_VIEW.ordinal()];
                clickLabel[i] = dayEvents.get(i).validPlay();
                longLabel[i] = dayEvents.get(i).longView();
            }
            double[][] progressive = online.get(date);
            double[] onlineClick = new double[progressive.length];
            double[] onlineLong = new double[progressive.length];
            for (int i = 0; i < progressive.length; i++) {
                onlineClick[i] = progressive[i][0];
                onlineLong[i] = progressive[i][1];
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", date);
            row.put("impressions", p.length);
            row.put("test_period", dayStart >= train.size());
            row.put("online", Map.of("is_click_auc", Metrics.auc(onlineClick, clickLabel),
                    "long_view_auc", Metrics.auc(onlineLong, longLabel)));
            row.put("daily", Map.of("is_click_auc", Metrics.auc(dailyClick, clickLabel),
                    "long_view_auc", Metrics.auc(dailyLong, longLabel)));
            rows.add(row);
            bar.update(d);
        }
        catalog.resetFollows();
        return Map.of("days", rows);
    }
}

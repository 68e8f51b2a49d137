package org.custos.recsys.tool;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The evaluation report as a plain-text table for the terminal. */
final class ReportTable {

    private ReportTable() {
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> report) {
        StringBuilder out = new StringBuilder();
        Map<String, Object> models = (Map<String, Object>) report.get("models");
        out.append(String.format(Locale.ROOT, "%-18s %8s %8s %8s %8s %8s %8s %9s %9s %9s%n", "model",
                "clk.auc", "clk.gauc", "clk.ll", "lv.auc", "lv.gauc", "lv.ll", "recall@10", "recall@50", "ndcg@10"));
        for (Map.Entry<String, Object> model : models.entrySet()) {
            Map<String, Object> m = (Map<String, Object>) model.getValue();
            out.append(String.format(Locale.ROOT, "%-18s", model.getKey()));
            for (String task : List.of("is_click", "long_view")) {
                Map<String, Double> t = (Map<String, Double>) m.get(task);
                for (String metric : List.of("auc", "gauc", "logloss")) {
                    out.append(cell(t == null ? null : t.get(metric), 8));
                }
            }
            Map<String, Double> topk = (Map<String, Double>) m.get("topk");
            for (String metric : List.of("recall@10", "recall@50", "ndcg@10")) {
                out.append(cell(topk == null ? null : topk.get(metric), 9));
            }
            out.append('\n');
        }
        Map<String, Object> margins = (Map<String, Object>) report.get("margins");
        for (Map.Entry<String, Object> margin : margins.entrySet()) {
            Map<String, Object> s = (Map<String, Object>) margin.getValue();
            out.append(String.format(Locale.ROOT, "margin %-40s mean %+.4f  std %.4f  min %+.4f%n", margin.getKey(),
                    (Double) s.get("mean"), (Double) s.get("std"), (Double) s.get("min")));
        }
        Map<String, Object> daily = (Map<String, Object>) report.get("daily_vs_online");
        if (daily != null) {
            out.append(String.format(Locale.ROOT, "%-10s %-5s %12s %12s %12s %12s%n", "date", "test", "online.lv",
                    "daily.lv", "online.clk", "daily.clk"));
            for (Map<String, Object> day : (List<Map<String, Object>>) daily.get("days")) {
                Map<String, Double> on = (Map<String, Double>) day.get("online");
                Map<String, Double> da = (Map<String, Double>) day.get("daily");
                out.append(String.format(Locale.ROOT, "%-10s %-5s %12.4f %12.4f %12.4f %12.4f%n", day.get("date"),
                        day.get("test_period"), on.get("long_view_auc"), da.get("long_view_auc"),
                        on.get("is_click_auc"), da.get("is_click_auc")));
            }
        }
        return out.toString();
    }

    private static String cell(Double value, int width) {
        return value == null ? " ".repeat(width - 1) + "-" + " " : String.format(Locale.ROOT, " %" + width + ".4f", value);
    }
}

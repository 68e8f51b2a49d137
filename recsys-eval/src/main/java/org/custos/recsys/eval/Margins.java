package org.custos.recsys.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engine's margins over the baselines it must beat, per seed and as mean and sample standard deviation. */
final class Margins {

    private Margins() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Map<String, Object> models, List<Long> seeds) {
        Map<String, Object> prior = (Map<String, Object>) models.get("user_item_prior");
        Map<String, Object> popularity = (Map<String, Object>) models.get("popularity");
        double priorAuc = metric(prior, "long_view", "auc");
        double priorGauc = metric(prior, "long_view", "gauc");
        double popRecall = metric(popularity, "topk", "recall@50");
        List<Double> auc = new ArrayList<>();
        List<Double> gauc = new ArrayList<>();
        List<Double> recall = new ArrayList<>();
        for (long seed : seeds) {
            Map<String, Object> engine = (Map<String, Object>) models.get("engine_seed" + seed);
            auc.add(metric(engine, "long_view", "auc") - priorAuc);
            gauc.add(metric(engine, "long_view", "gauc") - priorGauc);
            recall.add(metric(engine, "topk", "recall@50") - popRecall);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("long_view_auc_minus_user_item_prior", summary(auc));
        out.put("long_view_gauc_minus_user_item_prior", summary(gauc));
        out.put("recall@50_minus_popularity", summary(recall));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static double metric(Map<String, Object> model, String group, String name) {
        return ((Map<String, Double>) model.get(group)).get(name);
    }

    private static Map<String, Object> summary(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        double std = values.size() > 1 ? Math.sqrt(var / (values.size() - 1)) : 0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mean", mean);
        out.put("std", std);
        out.put("min", values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
        out.put("per_seed", values);
        return out;
    }
}

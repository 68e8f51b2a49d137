package org.custos.gateway;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ModelTelemetry} that the training side publishes to: the latest value per metric name wins. Thread-safe.
 */
public final class TrainingMetricsBoard implements ModelTelemetry {
    private final AtomicReference<Map<String, TrainingMetric>> latest = new AtomicReference<>(Map.of());

    /** Publishes {@code metrics}, replacing earlier values of the same names. */
    public void publish(List<TrainingMetric> metrics) {
        latest.updateAndGet(current -> {
            Map<String, TrainingMetric> next = new TreeMap<>(current);
            metrics.forEach(m -> next.put(m.name(), m));
            return Map.copyOf(next);
        });
    }

    @Override
    public List<TrainingMetric> latest() {
        return latest.get().values().stream().sorted(java.util.Comparator.comparing(TrainingMetric::name)).toList();
    }
}

package org.custos.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code model-telemetry}: the recommender's latest aggregate training metrics. A metric summarising fewer examples
 * than the declaration's {@code minGroupSize} is suppressed, so a metric over a handful of users cannot describe
 * them.
 */
final class ModelTelemetryFlow implements EgressFlow {
    private final ModelTelemetry telemetry;

    ModelTelemetryFlow(ModelTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public Map<String, Object> parameters(FlowRequest request, FlowDeclaration declaration) {
        request.allowOnly(Set.of());
        return Map.of();
    }

    @Override
    public Output run(FlowDeclaration declaration, FlowRequest request, String recipient) {
        request.allowOnly(Set.of());
        List<TrainingMetric> metrics = telemetry.latest();
        List<Map<String, Object>> rows = metrics.stream()
                .filter(m -> m.examples() >= declaration.minGroupSize())
                .limit(declaration.maxRows())
                .map(m -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (String field : request.fields()) {
                        switch (field) {
                            case "metric" -> row.put(field, m.name());
                            case "examples" -> row.put(field, m.examples());
                            case "value" -> row.put(field, m.value());
                            default -> { }
                        }
                    }
                    return row;
                })
                .toList();
        return new Output(rows, Optional.empty(), metrics.size(), Epsilon.ZERO);
    }
}

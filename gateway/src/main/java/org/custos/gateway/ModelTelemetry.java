package org.custos.gateway;

import java.util.List;

/** The recommender's latest aggregate training metrics, for the {@code model-telemetry} flow. */
@FunctionalInterface
public interface ModelTelemetry {

    /** The latest metrics, one per name; empty before any training has been measured. */
    List<TrainingMetric> latest();
}

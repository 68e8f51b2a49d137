package org.custos.recsys.api;

/**
 * Aggregate measurements of the algorithm, fit to leave the boundary through the egress gateway's
 * {@code model-telemetry} flow: counts and a loss, never a row about one member or video.
 *
 * @param eventsLearnt       events learnt since the process started
 * @param progressiveLogLoss mean log loss of predictions made before learning each event (0 before the first)
 * @param embeddingRows      rows in the model's embedding tables
 * @param modelVersion       version of the serving model
 */
public record Telemetry(long eventsLearnt, double progressiveLogLoss, long embeddingRows, long modelVersion) {

    public Telemetry {
        if (eventsLearnt < 0 || embeddingRows < 0 || modelVersion < 0 || !Double.isFinite(progressiveLogLoss)
                || progressiveLogLoss < 0) {
            throw new IllegalArgumentException("telemetry counts and loss must be finite and not negative");
        }
    }
}

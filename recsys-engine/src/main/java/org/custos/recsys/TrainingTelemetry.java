package org.custos.recsys;

/**
 * Aggregate measurements of the engine's online training, fit to leave the boundary: counts and a loss, never a
 * row about one viewer or video.
 *
 * @param eventsLearnt     events the model has learnt from since this process started
 * @param progressiveLogLoss the summed per-task log loss of each event's prediction made BEFORE learning from it
 *                         (progressive validation), averaged with exponential decay over about the last 10,000
 *                         events; 0 before the first event
 * @param embeddingRows    rows in the embedding tables
 * @param modelVersion     version of the serving model
 */
public record TrainingTelemetry(long eventsLearnt, double progressiveLogLoss, long embeddingRows, long modelVersion) {
}

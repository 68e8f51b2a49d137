package org.custos.gateway;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One aggregate measurement of the recommender's training (a loss, an AUC, a model size), never a per-user row:
 * the type has no field that could carry a user.
 *
 * @param name what was measured, for example {@code train.logloss.like}
 * @param examples how many training examples the value summarises; the flow suppresses values over fewer examples
 *     than its minimum group size
 * @param value the measurement
 */
public record TrainingMetric(String name, long examples, double value) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,79}");

    public TrainingMetric {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must match " + NAME.pattern());
        }
        if (examples < 0 || !Double.isFinite(value)) {
            throw new IllegalArgumentException("a metric has a non-negative example count and a finite value");
        }
    }
}

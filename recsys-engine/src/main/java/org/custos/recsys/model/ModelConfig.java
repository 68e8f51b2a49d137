package org.custos.recsys.model;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the ranking model and its embedding table, validated once.
 *
 * @param dimension       embedding width (the factorisation rank)
 * @param admitAfter      sightings a key needs before it gets a row (1 admits at first sight)
 * @param rowTtl          a row not seen for this long (event time) is dropped
 * @param learningRate    AdaGrad step size
 * @param l2              L2 penalty on the rows touched by an update
 * @param initScale       standard deviation of the initial embedding values
 * @param seed            seed of the initial values; the same seed and stream give the same model
 * @param sketchLog2Width log2 of the width of the admission sketch
 */
public record ModelConfig(int dimension, int admitAfter, Duration rowTtl, double learningRate, double l2,
                          double initScale, long seed, int sketchLog2Width) {

    public ModelConfig {
        Objects.requireNonNull(rowTtl, "rowTtl");
        if (dimension < 1 || dimension > 256) {
            throw new IllegalArgumentException("dimension must be in 1..256, got " + dimension);
        }
        if (admitAfter < 1 || admitAfter > 255) {
            throw new IllegalArgumentException("admitAfter must be in 1..255, got " + admitAfter);
        }
        if (rowTtl.isNegative() || rowTtl.isZero()) {
            throw new IllegalArgumentException("rowTtl must be positive, got " + rowTtl);
        }
        if (!(learningRate > 0) || !(l2 >= 0) || !(initScale >= 0)) {
            throw new IllegalArgumentException("learningRate must be > 0, l2 and initScale >= 0");
        }
    }

    /** The settings the evaluation and benchmarks use unless told otherwise. */
    public static ModelConfig defaults(long seed) {
        return new ModelConfig(16, 2, Duration.ofDays(7), 0.05, 1e-5, 0.01, seed, 20);
    }

    public ModelConfig withSeed(long newSeed) {
        return new ModelConfig(dimension, admitAfter, rowTtl, learningRate, l2, initScale, newSeed, sketchLog2Width);
    }

    /** Floats of parameters in one row: the embedding, then one linear weight per task. */
    int rowWidth() {
        return dimension + Task.COUNT;
    }
}

package org.custos.recsys.model;

/**
 * The arithmetic a training step does on every row it touches: the AdaGrad step and the sums of the forward
 * pass. A KuaiRand event touches some fifty rows and steps up to eighty, so this is the inner loop of training.
 *
 * <p>With its row in the cache, a row's step (a square root and a division per parameter) takes about 23 ns as
 * plain loops and 16 ns with the Vector API ({@code RowStepBenchmark}); within a training step, where the rows
 * also wait for memory, the vector code makes training about 1.3× faster (docs/benchmarks/recsys.md). The API is still an incubating module, so it is used only when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher, the tests and the benchmarks do); otherwise the plain
 * loops run. Both give bit-identical results: every operation is element-wise, in the same order, with no fused
 * multiply-add and no reduction, and IEEE arithmetic rounds each lane as it rounds a scalar.
 *
 * <p>A row is laid out as {@link EmbeddingTable} keeps it: {@code width} parameters, then their {@code width}
 * AdaGrad sums of squared gradients.
 */
final class RowMath {

    /** Keeps the AdaGrad denominator away from zero. */
    static final float EPSILON = 1e-8f;

    /** Whether the vector implementation runs (the incubating module is in the boot layer). */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private RowMath() {
    }

    /**
     * One AdaGrad step on the parameters {@code row[0, width)}, whose gradient is {@code a - b * row} element-wise:
     * the sums {@code row[width, 2 width)} grow by the squared gradient, then each parameter moves by
     * {@code lr * gradient / sqrt(sum + EPSILON)}. A zero in both {@code a} and {@code b} leaves that parameter and
     * its sum unchanged.
     */
    static void adagrad(float[] row, int width, float[] a, float[] b, float lr) {
        if (VECTOR) {
            VectorRowMath.adagrad(row, width, a, b, lr);
        } else {
            adagradFrom(row, width, a, b, lr, 0);
        }
    }

    /**
     * Adds the parameters of {@code row} to {@code sums[0, width)} and the squares of its first {@code dimension}
     * (the embedding) to {@code squares[0, dimension)}.
     */
    static void accumulate(float[] row, int width, int dimension, float[] sums, float[] squares) {
        if (VECTOR) {
            VectorRowMath.accumulate(row, width, dimension, sums, squares);
        } else {
            accumulateFrom(row, width, dimension, sums, squares, 0, 0);
        }
    }

    /**
     * AdaGrad on the shared weights {@code weights[offset, offset + n)} with the gradients
     * {@code gradients[from, from + n)}: as {@link #adagrad} with {@code b = 0}, but the step's division and square
     * root in double precision.
     */
    static void adagradShared(float[] weights, float[] squares, int offset, float[] gradients, int from, int n,
                              float lr) {
        if (VECTOR) {
            VectorRowMath.adagradShared(weights, squares, offset, gradients, from, n, lr);
        } else {
            adagradSharedFrom(weights, squares, offset, gradients, from, n, lr, 0);
        }
    }

    /** The plain loop of {@link #adagradShared} from element {@code done} on. */
    static void adagradSharedFrom(float[] weights, float[] squares, int offset, float[] gradients, int from, int n,
                                  float lr, int done) {
        for (int i = done; i < n; i++) {
            float gradient = gradients[from + i];
            float sum = squares[offset + i] + gradient * gradient;
            squares[offset + i] = sum;
            weights[offset + i] -= (float) (lr * gradient / Math.sqrt(sum + EPSILON));
        }
    }

    /** The plain loop of {@link #adagrad} from parameter {@code from} on; the vector version ends with it. */
    static void adagradFrom(float[] row, int width, float[] a, float[] b, float lr, int from) {
        for (int f = from; f < width; f++) {
            float gradient = a[f] - b[f] * row[f];
            float sum = row[width + f] + gradient * gradient;
            row[width + f] = sum;
            row[f] -= lr * gradient / (float) Math.sqrt(sum + EPSILON);
        }
    }

    /** The plain loops of {@link #accumulate} from {@code sumsFrom} and {@code squaresFrom} on. */
    static void accumulateFrom(float[] row, int width, int dimension, float[] sums, float[] squares, int sumsFrom,
                               int squaresFrom) {
        for (int f = sumsFrom; f < width; f++) {
            sums[f] += row[f];
        }
        for (int f = squaresFrom; f < dimension; f++) {
            squares[f] += row[f] * row[f];
        }
    }
}

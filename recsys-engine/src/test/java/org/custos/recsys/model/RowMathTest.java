package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RowMathTest {

    @Test
    void vectorImplementation_runsInTheTestJvm() {
        // the build adds the incubating module to every test JVM, as the launcher does to the engine's
        assertThat(RowMath.VECTOR).isTrue();
    }

    @Property(tries = 300)
    void adagrad_vectorAndPlainLoops_agreeBitForBit(@ForAll @IntRange(min = 1, max = 45) int width,
                                                    @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] row = row(random, width);
        float[] a = values(random, width, true);
        float[] b = values(random, width, true);
        float[] plain = row.clone();
        float[] vector = row.clone();

        RowMath.adagradFrom(plain, width, a, b, 0.05f, 0);
        VectorRowMath.adagrad(vector, width, a, b, 0.05f);

        assertThat(bits(vector)).isEqualTo(bits(plain));
    }

    @Property(tries = 300)
    void accumulate_vectorAndPlainLoops_agreeBitForBit(@ForAll @IntRange(min = 1, max = 45) int width,
                                                       @ForAll @IntRange(min = 0, max = 45) int dimension,
                                                       @ForAll long seed) {
        int dim = Math.min(dimension, width);
        SplittableRandom random = new SplittableRandom(seed);
        float[] row = row(random, width);
        float[] sums = values(random, width, false);
        float[] squares = values(random, dim, false);
        float[] plainSums = sums.clone();
        float[] plainSquares = squares.clone();

        RowMath.accumulateFrom(row, width, dim, plainSums, plainSquares, 0, 0);
        VectorRowMath.accumulate(row, width, dim, sums, squares);

        assertThat(bits(sums)).isEqualTo(bits(plainSums));
        assertThat(bits(squares)).isEqualTo(bits(plainSquares));
    }

    @Property(tries = 300)
    void adagradShared_vectorAndPlainLoops_agreeBitForBit(@ForAll @IntRange(min = 0, max = 40) int n,
                                                          @ForAll @IntRange(min = 0, max = 5) int offset,
                                                          @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] weights = values(random, offset + n, false);
        float[] squares = new float[offset + n];
        for (int i = 0; i < squares.length; i++) {
            squares[i] = (float) random.nextDouble(0, 1e4);
        }
        float[] gradients = values(random, n + 3, true);
        float[] plainWeights = weights.clone();
        float[] plainSquares = squares.clone();

        RowMath.adagradSharedFrom(plainWeights, plainSquares, offset, gradients, 3, n, 0.05f, 0);
        VectorRowMath.adagradShared(weights, squares, offset, gradients, 3, n, 0.05f);

        assertThat(bits(weights)).isEqualTo(bits(plainWeights));
        assertThat(bits(squares)).isEqualTo(bits(plainSquares));
    }

    @Test
    void adagrad_taskWeightAsAMinusBV_isTheStepOnGradientPlusL2Weight() {
        // the trainer writes a task weight's gradient g + l2 w as a - b w with a = g and b = -l2
        SplittableRandom random = new SplittableRandom(11);
        float lr = 0.05f;
        float l2 = 1e-5f;
        for (int i = 0; i < 10_000; i++) {
            float w = (float) random.nextGaussian();
            float sum = (float) random.nextDouble(0, 5);
            float g = (float) random.nextGaussian() * 0.3f;
            float[] row = {w, sum};

            RowMath.adagrad(row, 1, new float[] {g}, new float[] {-l2}, lr);

            float grad = g + l2 * w;
            float squared = sum + grad * grad;
            float expected = w - lr * grad / (float) Math.sqrt(squared + RowMath.EPSILON);
            assertThat(Float.floatToRawIntBits(row[1])).isEqualTo(Float.floatToRawIntBits(squared));
            assertThat(Float.floatToRawIntBits(row[0])).isEqualTo(Float.floatToRawIntBits(expected));
        }
    }

    @Test
    void adagrad_zeroAAndB_leaveTheParameterAndItsSumAlone() {
        float[] row = {0.5f, -0.0f, -2f, 3f, 0.25f, 0f, 1.5f, 2.5f};
        float[] before = row.clone();

        RowMath.adagrad(row, 4, new float[4], new float[4], 0.05f);

        assertThat(bits(row)).isEqualTo(bits(before));
    }

    private static float[] row(SplittableRandom random, int width) {
        float[] row = new float[2 * width + 2];
        for (int f = 0; f < width; f++) {
            row[f] = (float) random.nextGaussian() * 0.1f;
            row[width + f] = (float) random.nextDouble(0, 3);
        }
        return row;
    }

    private static float[] values(SplittableRandom random, int n, boolean someZero) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = someZero && random.nextInt(4) == 0 ? 0f : (float) random.nextGaussian() * 0.01f;
        }
        return v;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}

package org.custos.recsys.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowMath} with the Vector API: the widest vectors the processor has, then 4-lane vectors (a row's task
 * weights), then the plain loop for what is left. Loaded only when the incubating module is present.
 */
final class VectorRowMath {

    private static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> NARROW = FloatVector.SPECIES_128;
    /** As many doubles as {@link #NARROW} has floats, for the steps taken in double precision. */
    private static final VectorSpecies<Double> NARROW_DOUBLES = DoubleVector.SPECIES_256;

    private VectorRowMath() {
    }

    // The loops for the two species are written out: passed the species as an argument, the JIT did not
    // compile the vector operations to instructions and a row's step took 409 ns instead of 16 (RowStepBenchmark).
    static void adagrad(float[] row, int width, float[] a, float[] b, float lr) {
        int f = 0;
        for (; f + WIDE.length() <= width; f += WIDE.length()) {
            FloatVector value = FloatVector.fromArray(WIDE, row, f);
            FloatVector gradient = FloatVector.fromArray(WIDE, a, f)
                    .sub(FloatVector.fromArray(WIDE, b, f).mul(value));
            FloatVector sum = FloatVector.fromArray(WIDE, row, width + f).add(gradient.mul(gradient));
            sum.intoArray(row, width + f);
            value.sub(gradient.mul(lr).div(sum.add(RowMath.EPSILON).sqrt())).intoArray(row, f);
        }
        for (; f + NARROW.length() <= width; f += NARROW.length()) {
            FloatVector value = FloatVector.fromArray(NARROW, row, f);
            FloatVector gradient = FloatVector.fromArray(NARROW, a, f)
                    .sub(FloatVector.fromArray(NARROW, b, f).mul(value));
            FloatVector sum = FloatVector.fromArray(NARROW, row, width + f).add(gradient.mul(gradient));
            sum.intoArray(row, width + f);
            value.sub(gradient.mul(lr).div(sum.add(RowMath.EPSILON).sqrt())).intoArray(row, f);
        }
        RowMath.adagradFrom(row, width, a, b, lr, f);
    }

    static void adagradShared(float[] weights, float[] squares, int offset, float[] gradients, int from, int n,
                              float lr) {
        int i = 0;
        for (; i + NARROW.length() <= n; i += NARROW.length()) {
            FloatVector gradient = FloatVector.fromArray(NARROW, gradients, from + i);
            FloatVector sum = FloatVector.fromArray(NARROW, squares, offset + i).add(gradient.mul(gradient));
            sum.intoArray(squares, offset + i);
            DoubleVector rate = (DoubleVector) gradient.mul(lr).convertShape(VectorOperators.F2D, NARROW_DOUBLES, 0);
            DoubleVector root = ((DoubleVector) sum.add(RowMath.EPSILON)
                    .convertShape(VectorOperators.F2D, NARROW_DOUBLES, 0)).sqrt();
            FloatVector change = (FloatVector) rate.div(root).convertShape(VectorOperators.D2F, NARROW, 0);
            FloatVector.fromArray(NARROW, weights, offset + i).sub(change).intoArray(weights, offset + i);
        }
        RowMath.adagradSharedFrom(weights, squares, offset, gradients, from, n, lr, i);
    }

    static void accumulate(float[] row, int width, int dimension, float[] sums, float[] squares) {
        int f = 0;
        for (; f + WIDE.length() <= dimension; f += WIDE.length()) {
            FloatVector value = FloatVector.fromArray(WIDE, row, f);
            FloatVector.fromArray(WIDE, squares, f).add(value.mul(value)).intoArray(squares, f);
        }
        int squaresDone = f;
        f = 0;
        for (; f + WIDE.length() <= width; f += WIDE.length()) {
            FloatVector.fromArray(WIDE, sums, f).add(FloatVector.fromArray(WIDE, row, f)).intoArray(sums, f);
        }
        for (; f + NARROW.length() <= width; f += NARROW.length()) {
            FloatVector.fromArray(NARROW, sums, f).add(FloatVector.fromArray(NARROW, row, f)).intoArray(sums, f);
        }
        RowMath.accumulateFrom(row, width, dimension, sums, squares, f, squaresDone);
    }
}

package org.custos.recsys.model;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One row's AdaGrad step ({@link RowMath#adagrad}: 16 + 4 parameters and their accumulators, the default model's
 * row) as plain loops and with the Vector API, on 64 rows that stay in the cache: the arithmetic alone, without
 * the cache misses of finding rows in a large table. Time per row step.
 *
 * <pre>
 *   taskset -c 1 java -jar benchmarks/target/benchmarks.jar RowStepBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RowStepBenchmark {

    private static final int ROWS = 64;
    private static final int WIDTH = 16 + Task.COUNT;
    private static final float LEARNING_RATE = 0.05f;

    private float[][] rows;
    private float[] a;
    private float[] b;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        rows = new float[ROWS][2 * WIDTH + 2];
        for (float[] row : rows) {
            for (int f = 0; f < WIDTH; f++) {
                row[f] = (float) random.nextGaussian() * 0.1f;
                row[WIDTH + f] = 1 + (float) random.nextDouble();
            }
        }
        a = new float[WIDTH];
        b = new float[WIDTH];
        for (int f = 0; f < WIDTH; f++) {
            // small enough that thousands of steps keep the values in range
            a[f] = (float) random.nextGaussian() * 1e-4f;
            b[f] = (float) random.nextDouble() * 1e-4f;
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float[][] plainLoops() {
        for (float[] row : rows) {
            RowMath.adagradFrom(row, WIDTH, a, b, LEARNING_RATE, 0);
        }
        return rows;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public float[][] vectorApi() {
        for (float[] row : rows) {
            VectorRowMath.adagrad(row, WIDTH, a, b, LEARNING_RATE);
        }
        return rows;
    }
}

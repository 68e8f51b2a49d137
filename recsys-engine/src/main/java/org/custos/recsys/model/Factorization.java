package org.custos.recsys.model;

/**
 * The forward pass shared by training and serving: a multi-task factorisation machine with a shared bottom.
 * For task {@code t} and active rows {@code i} (each an embedding {@code v_i} and linear weights {@code w_i}):
 * <pre>
 *   z_t = b_t + sum_i w_i[t] + 1/2 sum_f a_t[f] ((sum_i v_i[f])^2 - sum_i v_i[f]^2)
 * </pre>
 * i.e. every pair of features interacts through their embeddings, weighted per task by {@code a_t}; the tasks
 * share the embeddings, which is what lets the sparse like head learn from the plentiful play signal.
 * The global vector holds {@code b} (one per task) then {@code a} (one row of {@code dimension} per task).
 */
final class Factorization {

    private Factorization() {
    }

    static int globalWidth(int dimension) {
        return Task.COUNT + Task.COUNT * dimension;
    }

    static float[] initialGlobal(int dimension) {
        float[] global = new float[globalWidth(dimension)];
        for (int i = Task.COUNT; i < global.length; i++) {
            global[i] = 1f;
        }
        return global;
    }

    /**
     * Computes the logits into {@code z} and the embedding sums into {@code sum}.
     *
     * @param rows rows of parameters (embedding first, then task weights); null entries are skipped
     */
    static void forward(float[][] rows, int n, float[] global, int dimension, float[] sum, double[] z) {
        java.util.Arrays.fill(sum, 0, dimension, 0f);
        double[] squares = new double[dimension];
        for (int t = 0; t < Task.COUNT; t++) {
            z[t] = global[t];
        }
        for (int i = 0; i < n; i++) {
            float[] row = rows[i];
            if (row == null) {
                continue;
            }
            for (int f = 0; f < dimension; f++) {
                float v = row[f];
                sum[f] += v;
                squares[f] += v * v;
            }
            for (int t = 0; t < Task.COUNT; t++) {
                z[t] += row[dimension + t];
            }
        }
        for (int t = 0; t < Task.COUNT; t++) {
            int a = Task.COUNT + t * dimension;
            double pairs = 0;
            for (int f = 0; f < dimension; f++) {
                pairs += global[a + f] * ((double) sum[f] * sum[f] - squares[f]);
            }
            z[t] += 0.5 * pairs;
        }
    }

    /**
     * The same as {@link #forward} for {@code shared} rows plus each candidate's own rows, with the shared part
     * summed once: {@code base} receives the shared sums (dimension floats of sum, then dimension of squares,
     * then one linear total per task) and is reused for every candidate.
     */
    static void sumShared(float[][] rows, int n, int dimension, double[] base) {
        java.util.Arrays.fill(base, 0);
        for (int i = 0; i < n; i++) {
            float[] row = rows[i];
            if (row == null) {
                continue;
            }
            for (int f = 0; f < dimension; f++) {
                base[f] += row[f];
                base[dimension + f] += row[f] * row[f];
            }
            for (int t = 0; t < Task.COUNT; t++) {
                base[2 * dimension + t] += row[dimension + t];
            }
        }
    }

    /** Logits of one candidate: the shared sums in {@code base} plus the candidate's own rows. */
    static void forwardWithShared(double[] base, float[][] rows, int n, float[] global, int dimension,
                                  double[] scratch, double[] z) {
        System.arraycopy(base, 0, scratch, 0, 2 * dimension);
        for (int t = 0; t < Task.COUNT; t++) {
            z[t] = global[t] + base[2 * dimension + t];
        }
        for (int i = 0; i < n; i++) {
            float[] row = rows[i];
            if (row == null) {
                continue;
            }
            for (int f = 0; f < dimension; f++) {
                scratch[f] += row[f];
                scratch[dimension + f] += row[f] * row[f];
            }
            for (int t = 0; t < Task.COUNT; t++) {
                z[t] += row[dimension + t];
            }
        }
        for (int t = 0; t < Task.COUNT; t++) {
            int a = Task.COUNT + t * dimension;
            double pairs = 0;
            for (int f = 0; f < dimension; f++) {
                pairs += global[a + f] * (scratch[f] * scratch[f] - scratch[dimension + f]);
            }
            z[t] += 0.5 * pairs;
        }
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}

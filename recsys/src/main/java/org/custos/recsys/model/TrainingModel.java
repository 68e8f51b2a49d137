package org.custos.recsys.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The model as the trainer holds it: parameters, AdaGrad state and the keys touched since the last publish.
 * One plain logistic loss per task; each event is one step (online learning, no epochs), so the model is as
 * fresh as the last event it saw. Not thread-safe: one trainer thread owns it and hands consistent copies to
 * serving through {@link ServingModel#publish}.
 */
public final class TrainingModel {

    private static final double EPSILON = 1e-8;

    private final ModelConfig config;
    private final EmbeddingTable table;
    private final float[] global;
    private final float[] globalSquares;
    private final List<EmbeddingTable.Row> dirty = new ArrayList<>();
    private final Set<Long> dropped = new HashSet<>();
    private final EmbeddingTable.Row[] rowBuffer = new EmbeddingTable.Row[256];
    private final float[][] paramBuffer = new float[256][];
    private final float[] sum;
    private final double[] z = new double[Task.COUNT];
    private long updates;

    public TrainingModel(ModelConfig config) {
        this.config = config;
        this.table = new EmbeddingTable(config);
        this.global = Factorization.initialGlobal(config.dimension());
        this.globalSquares = new float[global.length];
        this.sum = new float[config.dimension()];
    }

    public ModelConfig config() {
        return config;
    }

    public EmbeddingTable table() {
        return table;
    }

    public long updates() {
        return updates;
    }

    /**
     * Predicts without learning or admitting anything: probabilities per {@link Task}, into {@code out}.
     */
    public void predict(long[] keys, int n, double[] out) {
        checkCount(n);
        for (int i = 0; i < n; i++) {
            EmbeddingTable.Row row = table.peek(keys[i]);
            paramBuffer[i] = row == null ? null : row.data;
        }
        Factorization.forward(paramBuffer, n, global, config.dimension(), sum, z);
        for (int t = 0; t < Task.COUNT; t++) {
            out[t] = Factorization.sigmoid(z[t]);
        }
    }

    /**
     * One AdaGrad step on one impression.
     *
     * @param labels one label per {@link Task}: 1, 0, or -1 for "no label" (that head is not trained)
     * @return the summed log loss of the prediction made before the step, over the labelled heads
     */
    public double learn(long[] keys, int n, byte[] labels, long eventTimeMs) {
        checkCount(n);
        int dim = config.dimension();
        for (int i = 0; i < n; i++) {
            EmbeddingTable.Row row = table.touch(keys[i], eventTimeMs);
            rowBuffer[i] = row;
            paramBuffer[i] = row == null ? null : row.data;
            if (row != null && !row.dirty) {
                row.dirty = true;
                dirty.add(row);
            }
        }
        Factorization.forward(paramBuffer, n, global, dim, sum, z);
        double[] g = new double[Task.COUNT];
        double loss = 0;
        for (int t = 0; t < Task.COUNT; t++) {
            if (labels[t] < 0) {
                continue;
            }
            double p = Factorization.sigmoid(z[t]);
            double y = labels[t];
            g[t] = p - y;
            loss -= y * Math.log(Math.max(p, 1e-12)) + (1 - y) * Math.log(Math.max(1 - p, 1e-12));
        }
        double lr = config.learningRate();
        double l2 = config.l2();
        // d z_t / d v_i[f] = a_t[f] (sum[f] - v_i[f]): the task mix sum_t g_t a_t[f] is the same for every row
        double[] coefficient = new double[dim];
        double[] pair = new double[dim];
        for (int f = 0; f < dim; f++) {
            double squares = 0;
            for (int i = 0; i < n; i++) {
                if (paramBuffer[i] != null) {
                    squares += paramBuffer[i][f] * paramBuffer[i][f];
                }
            }
            pair[f] = 0.5 * ((double) sum[f] * sum[f] - squares);
            for (int t = 0; t < Task.COUNT; t++) {
                coefficient[f] += g[t] * global[Task.COUNT + t * dim + f];
            }
        }
        int acc = config.rowWidth();
        for (int i = 0; i < n; i++) {
            EmbeddingTable.Row row = rowBuffer[i];
            if (row == null) {
                continue;
            }
            float[] d = row.data;
            for (int f = 0; f < dim; f++) {
                double grad = coefficient[f] * (sum[f] - d[f]) + l2 * d[f];
                float squared = d[acc + f] + (float) (grad * grad);
                d[acc + f] = squared;
                d[f] -= (float) (lr * grad / Math.sqrt(squared + EPSILON));
            }
            for (int t = 0; t < Task.COUNT; t++) {
                if (labels[t] < 0) {
                    continue;
                }
                double grad = g[t] + l2 * d[dim + t];
                float squared = d[acc + dim + t] + (float) (grad * grad);
                d[acc + dim + t] = squared;
                d[dim + t] -= (float) (lr * grad / Math.sqrt(squared + EPSILON));
            }
        }
        for (int t = 0; t < Task.COUNT; t++) {
            if (labels[t] < 0) {
                continue;
            }
            step(t, g[t], lr);
            // the pair weights see every impression, so AdaGrad slows them down by construction
            for (int f = 0; f < dim; f++) {
                step(Task.COUNT + t * dim + f, g[t] * pair[f], lr);
            }
        }
        updates++;
        return loss;
    }

    /** Drops expired rows; their removal reaches serving with the next publish. Returns how many went. */
    public int expire(long nowMs) {
        List<Long> gone = table.expire(nowMs);
        dropped.addAll(gone);
        return gone.size();
    }

    float[] global() {
        return global;
    }

    /**
     * Hands every row changed since the last call (key and live data: copy what is needed, keep nothing) and the
     * keys dropped since then to the callbacks; both are reset.
     */
    void drainChanges(LongMap.Entry<float[]> changed, java.util.function.LongConsumer droppedKey) {
        for (EmbeddingTable.Row row : dirty) {
            row.dirty = false;
            if (table.peek(row.key) == row) {
                changed.accept(row.key, row.data);
            }
        }
        for (long key : dropped) {
            droppedKey.accept(key);
        }
        dirty.clear();
        dropped.clear();
    }

    private void step(int index, double grad, double lr) {
        globalSquares[index] += (float) (grad * grad);
        global[index] -= (float) (lr * grad / Math.sqrt(globalSquares[index] + EPSILON));
    }

    private void checkCount(int n) {
        if (n < 0 || n > rowBuffer.length) {
            throw new IllegalArgumentException("an impression has 0.." + rowBuffer.length + " features, got " + n);
        }
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(config.dimension());
        out.writeLong(updates);
        for (int i = 0; i < global.length; i++) {
            out.writeFloat(global[i]);
            out.writeFloat(globalSquares[i]);
        }
        table.writeTo(out);
    }

    public void readFrom(DataInput in) throws IOException {
        int dim = in.readInt();
        if (dim != config.dimension()) {
            throw new IOException("snapshot has dimension " + dim + ", this model " + config.dimension());
        }
        updates = in.readLong();
        for (int i = 0; i < global.length; i++) {
            global[i] = in.readFloat();
            globalSquares[i] = in.readFloat();
        }
        table.readFrom(in);
        dirty.clear();
        dropped.clear();
        table.forEachRow(row -> {
            row.dirty = true;
            dirty.add(row);
        });
    }
}

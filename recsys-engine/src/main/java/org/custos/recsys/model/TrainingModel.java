package org.custos.recsys.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The model as the trainer holds it: parameters, AdaGrad state and the keys touched since the last publish.
 * One plain logistic loss per task; each event is one step (online learning, no epochs), so the model is as
 * fresh as the last event it saw. Not thread-safe: one trainer thread owns it and hands consistent copies to
 * serving through {@link ServingModel#publish}.
 */
public final class TrainingModel {

    /** Most keys of one impression, or of the shared viewer part of a group. */
    public static final int MAX_KEYS = 256;

    private final ModelConfig config;
    private final int dimension;
    /** Parameters per row: the embedding, then one weight per task. */
    private final int width;
    private final EmbeddingTable table;
    private final float[] global;
    private final float[] globalSquares;
    /** The rows changed since the last publish, and their keys. */
    private long[] changedKeys = new long[1 << 12];
    private float[][] changedRows = new float[1 << 12][];
    private int changedCount;
    /** Keys whose rows expiry dropped since the last publish. */
    private long[] droppedKeys = new long[64];
    private int droppedCount;
    private final float lr;
    private final float l2;
    // scratch of one step, allocated once: the trainer thread owns the model
    private final float[][] viewerBuffer = new float[MAX_KEYS][];
    private float[][][] itemBuffers = new float[8][MAX_KEYS][];
    private int[] itemRowCounts = new int[8];
    private long[] groupKeys = new long[8 * MAX_KEYS];
    private float[][] groupRows = new float[8 * MAX_KEYS][];
    private final float[][] paramBuffer = new float[MAX_KEYS][];
    private final long[][] singleItem = new long[1][];
    private final int[] singleCount = new int[1];
    private final byte[][] singleLabels = new byte[1][];
    // sums over rows are width long: the embedding sums, then the task weights' (the linear terms)
    private final float[] viewerSum;
    private final float[] viewerSquares;
    /** The viewer rows' gradient, a - b v element-wise, gathered over the items since their last step. */
    private final float[] viewerA;
    private final float[] viewerB;
    private final float[] sum;
    private final float[] squares;
    private final float[] pair;
    private final float[] coefficient;
    /** An item's rows' gradient, a - b v element-wise. */
    private final float[] itemA;
    private final float[] itemB;
    private final float[] g = new float[Task.COUNT];
    private final float[] taskGradient = new float[Task.COUNT];
    private final float[] pairGradient;
    private final boolean[] taskLabelled = new boolean[Task.COUNT];
    private final float[] viewerTaskGradient = new float[Task.COUNT];
    private final boolean[] viewerTaskLabelled = new boolean[Task.COUNT];
    private final float[] forwardSum;
    private final double[] z = new double[Task.COUNT];
    private long updates;

    public TrainingModel(ModelConfig config) {
        this.config = config;
        this.table = new EmbeddingTable(config);
        this.global = Factorization.initialGlobal(config.dimension());
        this.globalSquares = new float[global.length];
        this.lr = (float) config.learningRate();
        this.l2 = (float) config.l2();
        int dim = config.dimension();
        this.dimension = dim;
        this.width = config.rowWidth();
        this.viewerSum = new float[width];
        this.viewerSquares = new float[dim];
        this.viewerA = new float[width];
        this.viewerB = new float[width];
        this.sum = new float[width];
        this.squares = new float[dim];
        this.pair = new float[dim];
        this.coefficient = new float[dim];
        this.itemA = new float[width];
        this.itemB = new float[width];
        this.pairGradient = new float[Task.COUNT * dim];
        this.forwardSum = new float[dim];
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
            paramBuffer[i] = table.peek(keys[i]);
        }
        Factorization.forward(paramBuffer, n, global, config.dimension(), forwardSum, z);
        for (int t = 0; t < Task.COUNT; t++) {
            out[t] = Factorization.sigmoid(z[t]);
        }
    }

    /**
     * One AdaGrad step on one impression, its keys all in one array: the same as {@link #learn(long[], int,
     * long[][], int[], byte[][], int, long)} with no shared viewer keys and one item.
     *
     * @param labels one label per {@link Task}: 1, 0, or -1 for "no label" (that head is not trained)
     * @return the summed log loss of the prediction made before the step, over the labelled heads
     */
    public double learn(long[] keys, int n, byte[] labels, long eventTimeMs) {
        singleItem[0] = keys;
        singleCount[0] = n;
        singleLabels[0] = labels;
        return learn(keys, 0, singleItem, singleCount, singleLabels, 1, eventTimeMs);
    }

    /**
     * AdaGrad steps on a group of impressions that share the viewer's keys: the shown video (item 0) and the
     * negatives sampled for it (items 1..). The viewer's rows are summed once for the whole group; each item is
     * scored with them and its own rows take their step at once. The viewer's rows take one step for item 0 and
     * one for all the negatives together (a mini-batch with the summed gradient). Summing and stepping the
     * viewer's part once or twice per group instead of once per item is what makes sampled negatives cheap: a
     * KuaiRand viewer has 30 keys and a video about 10. (One step for the whole group was as fast and as good
     * on the pointwise metrics, but worse at the top of the feed: it let the negatives cancel the positive.)
     *
     * @param viewer      keys shared by every item (viewer and moment); the first {@code viewerCount} are used
     * @param items       each item's own keys; the first {@code itemCounts[k]} of {@code items[k]} are used
     * @param labels      per item, one label per {@link Task}: 1, 0, or -1 for "no label"
     * @param itemCount   how many items the group has (at least 1)
     * @return the summed log loss of item 0's prediction made before the step, over its labelled heads
     */
    public double learn(long[] viewer, int viewerCount, long[][] items, int[] itemCounts, byte[][] labels,
                        int itemCount, long eventTimeMs) {
        if (itemCount < 1 || itemCount > items.length) {
            throw new IllegalArgumentException("a group has 1.." + items.length + " items, got " + itemCount);
        }
        int dim = dimension;
        int viewerRows = touchGroup(viewer, viewerCount, items, itemCounts, itemCount, eventTimeMs);
        java.util.Arrays.fill(viewerSum, 0f);
        java.util.Arrays.fill(viewerSquares, 0f);
        for (int i = 0; i < viewerRows; i++) {
            RowMath.accumulate(viewerBuffer[i], width, dim, viewerSum, viewerSquares);
        }
        java.util.Arrays.fill(viewerA, 0f);
        java.util.Arrays.fill(viewerB, 0f);
        java.util.Arrays.fill(taskGradient, 0f);
        java.util.Arrays.fill(pairGradient, 0f);
        java.util.Arrays.fill(taskLabelled, false);
        java.util.Arrays.fill(viewerTaskGradient, 0f);
        java.util.Arrays.fill(viewerTaskLabelled, false);
        double firstLoss = 0;
        for (int k = 0; k < itemCount; k++) {
            float[][] rowBuffer = itemBuffers[k];
            int itemRows = itemRowCounts[k];
            System.arraycopy(viewerSum, 0, sum, 0, width);
            System.arraycopy(viewerSquares, 0, squares, 0, dim);
            for (int i = 0; i < itemRows; i++) {
                RowMath.accumulate(rowBuffer[i], width, dim, sum, squares);
            }
            for (int f = 0; f < dim; f++) {
                pair[f] = 0.5f * (sum[f] * sum[f] - squares[f]);
            }
            byte[] y = labels[k];
            double loss = 0;
            java.util.Arrays.fill(coefficient, 0f);
            for (int t = 0; t < Task.COUNT; t++) {
                if (y[t] < 0) {
                    g[t] = 0;
                    continue;
                }
                int a = Task.COUNT + t * dim;
                double z = global[t] + sum[dim + t];
                for (int f = 0; f < dim; f++) {
                    z += global[a + f] * pair[f];
                }
                double p = Factorization.sigmoid(z);
                g[t] = (float) (p - y[t]);
                if (k == 0) {
                    // only the shown video's loss is reported; one logarithm, as the other term is zero
                    loss -= y[t] == 1 ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
                }
                taskLabelled[t] = true;
                taskGradient[t] += g[t];
                viewerTaskLabelled[t] = true;
                viewerTaskGradient[t] += g[t];
                // d z_t / d v_i[f] = a_t[f] (sum[f] - v_i[f]): the task mix sum_t g_t a_t[f] is the same for every row
                for (int f = 0; f < dim; f++) {
                    coefficient[f] += g[t] * global[a + f];
                    pairGradient[t * dim + f] += g[t] * pair[f];
                }
            }
            if (k == 0) {
                firstLoss = loss;
            }
            // an item row's gradient is coefficient (sum - v) + l2 v = a - b v, with a and b the same for all its rows
            for (int f = 0; f < dim; f++) {
                itemA[f] = coefficient[f] * sum[f];
                itemB[f] = coefficient[f] - l2;
                viewerA[f] += itemA[f];
                viewerB[f] += coefficient[f];
            }
            for (int t = 0; t < Task.COUNT; t++) {
                // a task weight's gradient is g_t + l2 w; zeros leave an unlabelled head's weight alone
                itemA[dim + t] = y[t] < 0 ? 0f : g[t];
                itemB[dim + t] = y[t] < 0 ? 0f : -l2;
            }
            for (int i = 0; i < itemRows; i++) {
                RowMath.adagrad(rowBuffer[i], width, itemA, itemB, lr);
            }
            if (k == 0 || k == itemCount - 1) {
                stepViewer(viewerRows);
            }
        }
        for (int t = 0; t < Task.COUNT; t++) {
            if (!taskLabelled[t]) {
                continue;
            }
            stepGlobal(t, taskGradient[t]);
            // the pair weights see every impression, so AdaGrad slows them down by construction
            RowMath.adagradShared(global, globalSquares, Task.COUNT + t * dim, pairGradient, t * dim, dim, lr);
        }
        updates += itemCount;
        return firstLoss;
    }

    /** The viewer rows' step with the gradient gathered since the last one, which it then clears. */
    private void stepViewer(int viewerRows) {
        for (int f = 0; f < dimension; f++) {
            viewerB[f] -= l2;
        }
        for (int t = 0; t < Task.COUNT; t++) {
            viewerA[dimension + t] = viewerTaskLabelled[t] ? viewerTaskGradient[t] : 0f;
            viewerB[dimension + t] = viewerTaskLabelled[t] ? -l2 : 0f;
        }
        for (int i = 0; i < viewerRows; i++) {
            RowMath.adagrad(viewerBuffer[i], width, viewerA, viewerB, lr);
        }
        java.util.Arrays.fill(viewerA, 0f);
        java.util.Arrays.fill(viewerB, 0f);
        java.util.Arrays.fill(viewerTaskGradient, 0f);
        java.util.Arrays.fill(viewerTaskLabelled, false);
    }

    /**
     * Touches the rows of every key of a group in one {@link EmbeddingTable#touchAll} call and sorts the admitted
     * ones, marked changed, into {@link #viewerBuffer} and {@link #itemBuffers} (counts in {@link #itemRowCounts});
     * returns the viewer's count.
     */
    private int touchGroup(long[] viewer, int viewerCount, long[][] items, int[] itemCounts, int itemCount,
                           long eventTimeMs) {
        checkCount(viewerCount);
        if (itemBuffers.length < itemCount) {
            itemBuffers = new float[itemCount][MAX_KEYS][];
            itemRowCounts = new int[itemCount];
        }
        if (groupKeys.length < (itemCount + 1) * MAX_KEYS) {
            // room for the viewer's keys and every item's, each at most MAX_KEYS
            groupKeys = new long[(itemCount + 1) * MAX_KEYS];
            groupRows = new float[(itemCount + 1) * MAX_KEYS][];
        }
        System.arraycopy(viewer, 0, groupKeys, 0, viewerCount);
        int total = viewerCount;
        for (int k = 0; k < itemCount; k++) {
            checkCount(itemCounts[k]);
            System.arraycopy(items[k], 0, groupKeys, total, itemCounts[k]);
            total += itemCounts[k];
        }
        table.touchAll(groupKeys, total, eventTimeMs, groupRows);
        int viewerRows = admitted(0, viewerCount, viewerBuffer);
        int from = viewerCount;
        for (int k = 0; k < itemCount; k++) {
            itemRowCounts[k] = admitted(from, itemCounts[k], itemBuffers[k]);
            from += itemCounts[k];
        }
        return viewerRows;
    }

    /** The admitted rows among {@code groupRows[from, from + n)} into {@code out}, marked changed; how many. */
    private int admitted(int from, int n, float[][] out) {
        int rows = 0;
        for (int i = from; i < from + n; i++) {
            float[] row = groupRows[i];
            if (row != null) {
                if (table.markChanged(row)) {
                    recordChanged(groupKeys[i], row);
                }
                out[rows++] = row;
            }
        }
        return rows;
    }

    private void recordChanged(long key, float[] row) {
        if (changedCount == changedKeys.length) {
            changedKeys = java.util.Arrays.copyOf(changedKeys, 2 * changedCount);
            changedRows = java.util.Arrays.copyOf(changedRows, 2 * changedCount);
        }
        changedKeys[changedCount] = key;
        changedRows[changedCount++] = row;
    }

    /** Drops expired rows; their removal reaches serving with the next publish. Returns how many went. */
    public int expire(long nowMs) {
        List<Long> gone = table.expire(nowMs);
        for (long key : gone) {
            if (droppedCount == droppedKeys.length) {
                droppedKeys = java.util.Arrays.copyOf(droppedKeys, 2 * droppedCount);
            }
            droppedKeys[droppedCount++] = key;
        }
        return gone.size();
    }

    /**
     * Drops the rows of {@code keys[0, n)} with their AdaGrad state and admission counts (erasure); their removal
     * reaches serving with the next publish, as an expired row's does. Returns how many rows went.
     */
    public int forget(long[] keys, int n) {
        int gone = 0;
        for (int i = 0; i < n; i++) {
            if (table.forget(keys[i])) {
                gone++;
                if (droppedCount == droppedKeys.length) {
                    droppedKeys = java.util.Arrays.copyOf(droppedKeys, 2 * droppedCount);
                }
                droppedKeys[droppedCount++] = keys[i];
            }
        }
        return gone;
    }

    float[] global() {
        return global;
    }

    /** Where {@link #drainChanges} hands the changes since the last drain. */
    interface ChangeSink {
        /** A key whose row expiry dropped. */
        void dropped(long key);

        /** The changed rows {@code rows[0, n)} (live data: copy what is needed, keep nothing) and their keys. */
        void changed(long[] keys, float[][] rows, int n);
    }

    /** Hands every key dropped and then every row changed since the last call to {@code sink}; both are reset. */
    void drainChanges(ChangeSink sink) {
        // drops first: a key dropped and admitted again since the last publish has a new row to hand over
        for (int i = 0; i < droppedCount; i++) {
            sink.dropped(droppedKeys[i]);
        }
        droppedCount = 0;
        int live = 0;
        for (int i = 0; i < changedCount; i++) {
            float[] row = changedRows[i];
            // expiry clears the mark of the rows it drops: a stale reference is skipped, never published
            if (table.isChanged(row)) {
                table.clearChanged(row);
                changedKeys[live] = changedKeys[i];
                changedRows[live++] = row;
            }
        }
        sink.changed(changedKeys, changedRows, live);
        java.util.Arrays.fill(changedRows, 0, changedCount, null);
        changedCount = 0;
    }

    private void stepGlobal(int index, float grad) {
        globalSquares[index] += grad * grad;
        global[index] -= (float) (lr * grad / Math.sqrt(globalSquares[index] + RowMath.EPSILON));
    }

    private void checkCount(int n) {
        if (n < 0 || n > MAX_KEYS) {
            throw new IllegalArgumentException("an impression has 0.." + MAX_KEYS + " features, got " + n);
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
        changedCount = 0;
        droppedCount = 0;
        java.util.Arrays.fill(changedRows, null);
        table.forEachRow((key, row) -> {
            if (table.markChanged(row)) {
                recordChanged(key, row);
            }
        });
    }
}

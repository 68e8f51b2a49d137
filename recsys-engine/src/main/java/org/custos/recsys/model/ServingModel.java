package org.custos.recsys.model;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The model as requests read it: parameters only (no optimiser state), updated from the trainer in whole
 * batches. Monolith keeps training and serving parameter servers apart and syncs the touched rows; here the two
 * sides are two maps in one process and the sync is {@link #publish}, which copies every row changed since the
 * last publish under a write lock. A request scores all its candidates under one read lock, so a page is always
 * ranked by one version of the model, never half of one batch.
 */
public final class ServingModel {

    private final int dimension;
    private final int width;
    private final LongMap<float[]> rows = new LongMap<>(1 << 16);
    private final float[] global;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private long version;
    private final Sync sync = new Sync();

    /**
     * Applies the trainer's changes. The changed rows are looked up in passes (every slot, then every row, then
     * the copies), so the cache misses of different rows overlap rather than queue: a batch changes thousands.
     */
    private final class Sync implements TrainingModel.ChangeSink {
        private int[] slots = new int[1 << 12];
        private float[][] targets = new float[1 << 12][];

        @Override
        public void dropped(long key) {
            rows.remove(key);
        }

        @Override
        public void changed(long[] keys, float[][] data, int n) {
            if (slots.length < n) {
                slots = new int[2 * n];
                targets = new float[2 * n][];
            }
            for (int i = 0; i < n; i++) {
                slots[i] = rows.slotOf(keys[i]);
            }
            for (int i = 0; i < n; i++) {
                targets[i] = slots[i] < 0 ? rows.get(keys[i]) : rows.valueAt(slots[i]);
            }
            for (int i = 0; i < n; i++) {
                if (targets[i] == null) {
                    rows.put(keys[i], java.util.Arrays.copyOf(data[i], width));
                } else {
                    System.arraycopy(data[i], 0, targets[i], 0, width);
                    targets[i] = null;
                }
            }
        }
    }

    public ServingModel(ModelConfig config) {
        this.dimension = config.dimension();
        this.width = config.rowWidth();
        this.global = Factorization.initialGlobal(dimension);
    }

    /**
     * Copies the trainer's changes since the last publish; returns the new version. Rows are overwritten in place
     * under the write lock (a batch changes a few thousand rows of 20 floats: tens of microseconds), which
     * allocates nothing for rows that serving already has.
     */
    public long publish(TrainingModel trainer) {
        // the write lock is held for the whole sync, so readers see all of a batch's rows or none
        lock.writeLock().lock();
        try {
            trainer.drainChanges(sync);
            System.arraycopy(trainer.global(), 0, global, 0, global.length);
            return ++version;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public long version() {
        lock.readLock().lock();
        try {
            return version;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return rows.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public int dimension() {
        return dimension;
    }

    /** Whether serving holds a row for {@code key}. */
    public boolean contains(long key) {
        lock.readLock().lock();
        try {
            return rows.get(key) != null;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Scores many impressions with one version of the model.
     *
     * @param keys   feature keys per impression
     * @param counts how many keys of each array are used
     * @param out    probabilities per impression, one per {@link Task}
     * @return the model version that scored them
     */
    public long predictAll(long[][] keys, int[] counts, double[][] out) {
        float[][] active = new float[256][];
        float[] sum = new float[dimension];
        double[] z = new double[Task.COUNT];
        lock.readLock().lock();
        try {
            for (int c = 0; c < keys.length; c++) {
                int n = counts[c];
                for (int i = 0; i < n; i++) {
                    active[i] = rows.get(keys[c][i]);
                }
                Factorization.forward(active, n, global, dimension, sum, z);
                for (int t = 0; t < Task.COUNT; t++) {
                    out[c][t] = Factorization.sigmoid(z[t]);
                }
            }
            return version;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Scores one viewer's candidates with one version of the model, summing the viewer's own keys once.
     * Gives the same probabilities as {@link #predictAll} on the concatenated keys (up to float rounding).
     *
     * @param viewer      keys shared by every candidate (viewer and moment)
     * @param viewerCount how many of them are used
     * @param keys        each candidate's own keys
     * @return the model version that scored them
     */
    public long predictForViewer(long[] viewer, int viewerCount, long[][] keys, int[] counts, double[][] out) {
        float[][] active = new float[256][];
        double[] base = new double[2 * dimension + Task.COUNT];
        double[] scratch = new double[2 * dimension];
        double[] z = new double[Task.COUNT];
        lock.readLock().lock();
        try {
            for (int i = 0; i < viewerCount; i++) {
                active[i] = rows.get(viewer[i]);
            }
            Factorization.sumShared(active, viewerCount, dimension, base);
            for (int c = 0; c < keys.length; c++) {
                int n = counts[c];
                for (int i = 0; i < n; i++) {
                    active[i] = rows.get(keys[c][i]);
                }
                Factorization.forwardWithShared(base, active, n, global, dimension, scratch, z);
                for (int t = 0; t < Task.COUNT; t++) {
                    out[c][t] = Factorization.sigmoid(z[t]);
                }
            }
            return version;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The retrieval query of a key: its embedding scaled by a task's pair weights, so that the inner product
     * with a video embedding is exactly that pair's term in the task's logit. Empty array when the key has no row.
     */
    public float[] query(long key, Task task) {
        lock.readLock().lock();
        try {
            float[] row = rows.get(key);
            if (row == null) {
                return new float[0];
            }
            float[] q = new float[dimension];
            for (int f = 0; f < dimension; f++) {
                q[f] = row[f] * global[Task.COUNT + task.ordinal() * dimension + f];
            }
            return q;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Embeddings of every row of one field, by the key's value (for example video id to embedding). */
    public Map<Long, float[]> embeddings(FeatureKey.Field field) {
        Map<Long, float[]> out = new HashMap<>();
        lock.readLock().lock();
        try {
            rows.forEach((key, row) -> {
                if (FeatureKey.field(key) == field) {
                    out.put(key & ((1L << 56) - 1), java.util.Arrays.copyOf(row, dimension));
                }
            });
        } finally {
            lock.readLock().unlock();
        }
        return out;
    }

    /** Floats held per row, for memory accounting. */
    public int rowWidth() {
        return width;
    }
}

package org.custos.recsys.model;

/**
 * The trending counts of one region: per video, its grown count and the popularity bucket last published for
 * it, in parallel primitive arrays. A refresh visits every entry after every training batch; with a map of boxed
 * entries each visit was a pointer chase, and the refresh cost more than the rest of the batch's bookkeeping
 * together. Here a pass reads three arrays in order.
 *
 * <p>Open addressing with linear probing, load factor at most 1/2, removal by shifting the rest of the run back.
 * Key 0 marks an empty slot, so video 0 is held apart. The hash and the removal rule are {@link LongMap}'s. One
 * thread only (the trainer's).
 */
public final class GrownCounts {

    /** What a pass is told about each entry. */
    @FunctionalInterface
    public interface Entry {
        void accept(long id, double grown);
    }

    /** Told about each dropped entry. */
    @FunctionalInterface
    public interface Dropped {
        void accept(long id, int publishedBucket);
    }

    /** The bucket an entry's grown count falls in now. */
    @FunctionalInterface
    public interface Bucketing {
        int bucket(double grown);
    }

    /** Told about each entry whose bucket changed. */
    @FunctionalInterface
    public interface BucketChange {
        void accept(long id, int before, int after);
    }

    private long[] keys;
    private double[] grown;
    private int[] published;
    private int mask;
    private int size;
    private boolean hasZero;
    private double zeroGrown;
    private int zeroPublished;

    public GrownCounts(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        grown = new double[capacity];
        published = new int[capacity];
        mask = capacity - 1;
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    /** Adds {@code weight} to the video's grown count, creating the entry (bucket 0) if it has none. */
    public void add(long id, double weight) {
        if (id == 0) {
            zeroGrown = hasZero ? zeroGrown + weight : weight;
            zeroPublished = hasZero ? zeroPublished : 0;
            hasZero = true;
            return;
        }
        int i = LongMap.home(id, mask);
        while (keys[i] != 0) {
            if (keys[i] == id) {
                grown[i] += weight;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = id;
        grown[i] = weight;
        published[i] = 0;
        if (++size * 2 > keys.length) {
            resize();
        }
    }

    /** Multiplies every grown count by {@code factor}. */
    public void scale(double factor) {
        zeroGrown *= factor;
        for (int i = 0; i < keys.length; i++) {
            grown[i] *= factor;
        }
    }

    /** Removes every entry whose grown count is below {@code threshold}, telling {@code dropped} of each. */
    public void removeBelow(double threshold, Dropped dropped) {
        if (hasZero && zeroGrown < threshold) {
            dropped.accept(0, zeroPublished);
            hasZero = false;
        }
        int i = 0;
        while (i < keys.length) {
            if (keys[i] != 0 && grown[i] < threshold) {
                dropped.accept(keys[i], published[i]);
                deleteAt(i);
                // the slot now holds an entry shifted back from later in the run: look at it again
            } else {
                i++;
            }
        }
    }

    /**
     * Writes every entry's id and grown count into {@code ids} and {@code scores} (each at least {@link #size()}
     * long) and moves each entry's published bucket to {@code bucketing}'s, telling {@code changed}; returns how
     * many entries were written.
     */
    public int collect(long[] ids, double[] scores, Bucketing bucketing, BucketChange changed) {
        int n = 0;
        if (hasZero) {
            ids[n] = 0;
            scores[n++] = zeroGrown;
            int bucket = bucketing.bucket(zeroGrown);
            if (bucket != zeroPublished) {
                changed.accept(0, zeroPublished, bucket);
                zeroPublished = bucket;
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == 0) {
                continue;
            }
            ids[n] = keys[i];
            scores[n++] = grown[i];
            int bucket = bucketing.bucket(grown[i]);
            if (bucket != published[i]) {
                changed.accept(keys[i], published[i], bucket);
                published[i] = bucket;
            }
        }
        return n;
    }

    public void forEach(Entry action) {
        if (hasZero) {
            action.accept(0, zeroGrown);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                action.accept(keys[i], grown[i]);
            }
        }
    }

    private void deleteAt(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == 0) {
                break;
            }
            if (!LongMap.staysInRun(hole, i, LongMap.home(k, mask))) {
                keys[hole] = k;
                grown[hole] = grown[i];
                published[hole] = published[i];
                hole = i;
            }
        }
        keys[hole] = 0;
        size--;
    }

    private void resize() {
        long[] oldKeys = keys;
        double[] oldGrown = grown;
        int[] oldPublished = published;
        allocate(oldKeys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != 0) {
                int i = LongMap.home(k, mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                grown[i] = oldGrown[j];
                published[i] = oldPublished[j];
            }
        }
    }
}

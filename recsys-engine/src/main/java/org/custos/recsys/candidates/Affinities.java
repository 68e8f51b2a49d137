package org.custos.recsys.candidates;

import java.util.Arrays;
import java.util.function.LongToDoubleFunction;

/**
 * A member's co-engagement affinity per video, for one page: an open-addressing table of primitive keys and sums,
 * so that the up to 10,000 pair counts a page adds neither box a key nor allocate an entry, and the best videos
 * are picked without sorting them all.
 */
public final class Affinities {

    static final Affinities NONE = new Affinities(1);

    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private double[] values;
    private int size;

    Affinities(int expected) {
        int capacity = Integer.highestOneBit(Math.max(2, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new double[capacity];
        Arrays.fill(keys, EMPTY);
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** The affinity to {@code videoId}, 0 when it is not co-engaged. */
    public double get(long videoId) {
        int mask = keys.length - 1;
        for (int i = slot(videoId, mask); ; i = (i + 1) & mask) {
            if (keys[i] == videoId) {
                return values[i];
            }
            if (keys[i] == EMPTY) {
                return 0;
            }
        }
    }

    /**
     * Up to {@code limit} videos of highest affinity, best first, ties broken by the smaller id (the order the
     * page has always used, so the candidates do not depend on the table's layout).
     */
    public long[] top(int limit) {
        int n = Math.min(limit, size);
        // a bounded heap of slot indices, worst at the root: one pass, O(size log limit)
        int[] heap = new int[n];
        int filled = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == EMPTY || n == 0) {
                continue;
            }
            if (filled < n) {
                heap[filled] = i;
                up(heap, filled++);
            } else if (better(i, heap[0])) {
                heap[0] = i;
                down(heap, n);
            }
        }
        long[] out = new long[filled];
        for (int k = filled - 1; k >= 0; k--) {
            out[k] = keys[heap[0]];
            heap[0] = heap[k];
            down(heap, k);
        }
        return out;
    }

    void add(long videoId, double amount) {
        if (videoId == EMPTY) {
            throw new IllegalArgumentException("video id " + videoId + " is reserved");
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        for (int i = slot(videoId, mask); ; i = (i + 1) & mask) {
            if (keys[i] == videoId) {
                values[i] += amount;
                return;
            }
            if (keys[i] == EMPTY) {
                keys[i] = videoId;
                values[i] = amount;
                size++;
                return;
            }
        }
    }

    /** Divides each sum by the video's own normaliser, evaluated once per video. */
    void divideBy(LongToDoubleFunction normaliser) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                values[i] /= normaliser.applyAsDouble(keys[i]);
            }
        }
    }

    private boolean better(int a, int b) {
        int byValue = Double.compare(values[a], values[b]);
        return byValue > 0 || (byValue == 0 && keys[a] < keys[b]);
    }

    private void up(int[] heap, int k) {
        while (k > 0) {
            int parent = (k - 1) >>> 1;
            if (!better(heap[parent], heap[k])) {
                return;
            }
            swap(heap, parent, k);
            k = parent;
        }
    }

    private void down(int[] heap, int n) {
        int k = 0;
        while (true) {
            int worst = k;
            int left = 2 * k + 1;
            int right = left + 1;
            if (left < n && better(heap[worst], heap[left])) {
                worst = left;
            }
            if (right < n && better(heap[worst], heap[right])) {
                worst = right;
            }
            if (worst == k) {
                return;
            }
            swap(heap, worst, k);
            k = worst;
        }
    }

    private static void swap(int[] heap, int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }

    private void grow() {
        long[] oldKeys = keys;
        double[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new double[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = slot(oldKeys[j], mask);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}

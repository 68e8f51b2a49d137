package org.custos.recsys.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Approximate counts of how often each key was seen, in fixed memory: the admission filter of the embedding
 * table. An over-count only admits a rare key a little early; it never merges two rows. Counts saturate at
 * 255 and are halved by {@link #age()} so that keys seen long ago must be seen again to be admitted.
 */
final class CountMinSketch {

    private static final int DEPTH = 4;
    private final int mask;
    private final byte[][] counts;

    CountMinSketch(int log2Width) {
        if (log2Width < 4 || log2Width > 26) {
            throw new IllegalArgumentException("log2Width must be in 4..26, got " + log2Width);
        }
        this.mask = (1 << log2Width) - 1;
        this.counts = new byte[DEPTH][1 << log2Width];
    }

    /** Counts one more sighting and returns the new estimate. */
    int increment(long key) {
        int min = Integer.MAX_VALUE;
        for (int d = 0; d < DEPTH; d++) {
            min = Math.min(min, counts[d][slot(key, d)] & 0xff);
        }
        // conservative update: only the rows at the minimum grow, which keeps over-counts small
        int next = Math.min(255, min + 1);
        for (int d = 0; d < DEPTH; d++) {
            int s = slot(key, d);
            if ((counts[d][s] & 0xff) < next) {
                counts[d][s] = (byte) next;
            }
        }
        return next;
    }

    int estimate(long key) {
        int min = Integer.MAX_VALUE;
        for (int d = 0; d < DEPTH; d++) {
            min = Math.min(min, counts[d][slot(key, d)] & 0xff);
        }
        return min;
    }

    void age() {
        for (byte[] row : counts) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (byte) ((row[i] & 0xff) >>> 1);
            }
        }
    }

    long bytes() {
        return (long) DEPTH * (mask + 1);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(Integer.numberOfTrailingZeros(mask + 1));
        for (byte[] row : counts) {
            out.write(row);
        }
    }

    static CountMinSketch readFrom(DataInput in) throws IOException {
        CountMinSketch sketch = new CountMinSketch(in.readInt());
        for (byte[] row : sketch.counts) {
            in.readFully(row);
        }
        return sketch;
    }

    private int slot(long key, int d) {
        long h = key * (0x9E3779B97F4A7C15L + 2L * d) + d;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        return (int) h & mask;
    }
}

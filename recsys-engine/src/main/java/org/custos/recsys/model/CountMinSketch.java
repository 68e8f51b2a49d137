package org.custos.recsys.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Approximate counts of how often each key was seen, in fixed memory: the admission filter of the embedding
 * table. An over-count only admits a rare key a little early; it never merges two rows. Counts saturate at
 * 255 and are halved by {@link #age()} so that keys seen long ago must be seen again to be admitted.
 *
 * <p>Blocked layout: a key's {@link #DEPTH} counters lie in one 64-byte block (one cache line), a 16-byte lane
 * per depth, so a look-up costs one cache miss instead of one per depth. Each lane is indexed by its own bits of
 * the key's hash, so two keys of one block still collide in all lanes only rarely.
 */
final class CountMinSketch {

    private static final int DEPTH = 4;
    private static final int LANE = 16;
    private static final int BLOCK = DEPTH * LANE;
    /** Counters per depth; the sketch holds {@code DEPTH * width} bytes. */
    private final int width;
    private final int blockMask;
    private final byte[] counts;

    CountMinSketch(int log2Width) {
        if (log2Width < 4 || log2Width > 26) {
            throw new IllegalArgumentException("log2Width must be in 4..26, got " + log2Width);
        }
        this.width = 1 << log2Width;
        this.blockMask = width / LANE - 1;
        this.counts = new byte[DEPTH * width];
    }

    /** Counts one more sighting and returns the new estimate. */
    int increment(long key) {
        long h = hash(key);
        int block = ((int) h & blockMask) * BLOCK;
        int min = Integer.MAX_VALUE;
        for (int d = 0; d < DEPTH; d++) {
            min = Math.min(min, counts[slot(block, h, d)] & 0xff);
        }
        // conservative update: only the counters at the minimum grow, which keeps over-counts small
        int next = Math.min(255, min + 1);
        for (int d = 0; d < DEPTH; d++) {
            int s = slot(block, h, d);
            if ((counts[s] & 0xff) < next) {
                counts[s] = (byte) next;
            }
        }
        return next;
    }

    int estimate(long key) {
        long h = hash(key);
        int block = ((int) h & blockMask) * BLOCK;
        int min = Integer.MAX_VALUE;
        for (int d = 0; d < DEPTH; d++) {
            min = Math.min(min, counts[slot(block, h, d)] & 0xff);
        }
        return min;
    }

    /**
     * Lowers the key's counters by its estimate, so that the sketch no longer tells that the key was seen (its
     * estimate becomes 0): for erasure. A key sharing a counter loses up to as many counts, which only delays its
     * admission by as many sightings; the rule "an over-count admits early" becomes, for those few keys, "an
     * under-count admits late".
     */
    void forget(long key) {
        long h = hash(key);
        int block = ((int) h & blockMask) * BLOCK;
        int estimate = estimate(key);
        for (int d = 0; d < DEPTH; d++) {
            int s = slot(block, h, d);
            counts[s] = (byte) Math.max(0, (counts[s] & 0xff) - estimate);
        }
    }

    void age() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (byte) ((counts[i] & 0xff) >>> 1);
        }
    }

    long bytes() {
        return counts.length;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(Integer.numberOfTrailingZeros(width));
        out.write(counts);
    }

    static CountMinSketch readFrom(DataInput in) throws IOException {
        CountMinSketch sketch = new CountMinSketch(in.readInt());
        in.readFully(sketch.counts);
        return sketch;
    }

    private static long hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 29;
        return h;
    }

    /** Lane {@code d} of the block, indexed by 4 bits of the hash above those that chose the block. */
    private static int slot(int block, long h, int d) {
        return block + d * LANE + (int) ((h >>> (40 + 4 * d)) & (LANE - 1));
    }
}

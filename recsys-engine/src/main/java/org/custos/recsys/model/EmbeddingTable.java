package org.custos.recsys.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training side's embedding table, as in Monolith: a hash map keyed by the full 64-bit feature key, so two
 * ids never share a row (no hashing trick), with two rules that keep memory bounded as ids churn:
 * <ul>
 *   <li>admission: a key gets a row only after {@link ModelConfig#admitAfter()} sightings, counted in a
 *       fixed-size {@link CountMinSketch}; rarer keys contribute nothing and cost nothing;</li>
 *   <li>expiry: a row not seen for {@link ModelConfig#rowTtl()} of event time is dropped by {@link #expire}.</li>
 * </ul>
 * A row holds its parameters and, behind them, their AdaGrad accumulators. Initial values come from the seed
 * and the key alone, so the model does not depend on the order in which keys first arrive. Not thread-safe:
 * the trainer owns it.
 */
public final class EmbeddingTable {

    /*
     * A row is one float array: [0, width) parameters, [width, 2 width) their AdaGrad sums, then the minute the row
     * was last seen (int bits) and a changed-since-publish flag. Keeping the bookkeeping inside the array, rather
     * than in a row object pointing to it, saves a cache miss per key on every training step: with ~50 rows per
     * step and a table larger than the cache, those misses were the largest cost left (JFR).
     */
    private static final long MINUTE_MS = 60_000;

    private final ModelConfig config;
    private final int width;
    /** Floats per row that snapshots hold: parameters and optimiser state. */
    private final int stored;
    private final int lastSeenSlot;
    private final int changedSlot;
    private final LongMap<float[]> rows = new LongMap<>(1 << 16);
    private CountMinSketch sightings;
    private int[] slots = new int[256];

    EmbeddingTable(ModelConfig config) {
        this.config = config;
        this.width = config.rowWidth();
        this.stored = 2 * width;
        this.lastSeenSlot = stored;
        this.changedSlot = stored + 1;
        this.sightings = new CountMinSketch(config.sketchLog2Width());
    }

    /**
     * The row to train for {@code key} at event time {@code nowMs}, creating it once the key is admitted;
     * null while the key is still below the admission count.
     */
    float[] touch(long key, long nowMs) {
        float[] row = rows.get(key);
        int minute = (int) Math.floorDiv(nowMs, MINUTE_MS);
        if (row == null) {
            if (sightings.increment(key) < config.admitAfter()) {
                return null;
            }
            row = initialValues(key);
            row[lastSeenSlot] = Float.intBitsToFloat(minute);
            rows.put(key, row);
        } else if (minute > lastSeenMinute(row)) {
            row[lastSeenSlot] = Float.intBitsToFloat(minute);
        }
        return row;
    }

    /**
     * {@link #touch} for {@code keys[0, n)}, the row (or null) of {@code keys[i]} into {@code out[i]}. The table is
     * larger than the cache and a training step touches some fifty rows, each a chain of three dependent reads
     * (key slot, value slot, row) that mostly miss. Done key by key, each chain waits for the one before; done
     * in passes (every key slot, then every value slot, then every row) the reads of one pass do not depend on
     * each other, so the processor keeps many misses in flight at once.
     */
    void touchAll(long[] keys, int n, long nowMs, float[][] out) {
        if (slots.length < n) {
            slots = new int[Math.max(n, 2 * slots.length)];
        }
        for (int i = 0; i < n; i++) {
            slots[i] = rows.slotOf(keys[i]);
        }
        for (int i = 0; i < n; i++) {
            out[i] = slots[i] < 0 ? null : rows.valueAt(slots[i]);
        }
        int minute = (int) Math.floorDiv(nowMs, MINUTE_MS);
        for (int i = 0; i < n; i++) {
            float[] row = out[i];
            if (row == null) {
                // not in the table at the first pass (or key 0): the one-key path admits it, in order, and may
                // change the map, so later keys of this call that were absent go the same way
                out[i] = touch(keys[i], nowMs);
            } else if (minute > lastSeenMinute(row)) {
                row[lastSeenSlot] = Float.intBitsToFloat(minute);
            }
        }
    }

    /** Whether the row is marked changed since the last publish. */
    boolean isChanged(float[] row) {
        return row[changedSlot] != 0;
    }

    /** Marks the row changed since the last publish; true if it was not marked yet. */
    boolean markChanged(float[] row) {
        if (row[changedSlot] != 0) {
            return false;
        }
        row[changedSlot] = 1;
        return true;
    }

    /** Clears the changed mark (at publish). */
    void clearChanged(float[] row) {
        row[changedSlot] = 0;
    }

    private int lastSeenMinute(float[] row) {
        // minutes since 1970 stay below 2^31 and their bit patterns below the NaNs, so the round trip is exact
        return Float.floatToRawIntBits(row[lastSeenSlot]);
    }

    /** The row for {@code key}, or null; never admits. */
    float[] peek(long key) {
        return rows.get(key);
    }

    /** Drops rows last seen before {@code nowMs - ttl} and ages the admission counts; returns dropped keys. */
    List<Long> expire(long nowMs) {
        long cutoff = nowMs - config.rowTtl().toMillis();
        long cutoffMinute = Math.floorDiv(cutoff, MINUTE_MS);
        List<Long> dropped = new ArrayList<>();
        rows.removeIf((key, row) -> {
            if (lastSeenMinute(row) >= cutoffMinute) {
                return false;
            }
            clearChanged(row); // a dropped row must not be published after its drop
            return true;
        }, dropped::add);
        sightings.age();
        return dropped;
    }

    /**
     * Drops the row of {@code key} with its optimiser state, and its admission count (for erasure); true if it had
     * a row. A row waiting in the trainer's changed list is unmarked, so it is never published after the drop.
     */
    boolean forget(long key) {
        sightings.forget(key);
        float[] row = rows.remove(key);
        if (row == null) {
            return false;
        }
        clearChanged(row);
        return true;
    }

    /** The admission sketch's estimate of how often {@code key} was seen (for tests of erasure). */
    int sightings(long key) {
        return sightings.estimate(key);
    }

    public int size() {
        return rows.size();
    }

    public boolean contains(long key) {
        return rows.get(key) != null;
    }

    /** Parameters of a row (a copy), or null. */
    float[] parameters(long key) {
        float[] row = rows.get(key);
        return row == null ? null : java.util.Arrays.copyOf(row, width);
    }

    void forEachRow(LongMap.Entry<float[]> action) {
        rows.forEach(action);
    }

    /** Bytes the admission sketch takes (fixed, whatever the traffic). */
    long sketchBytes() {
        return sightings.bytes();
    }

    private float[] initialValues(long key) {
        float[] data = new float[stored + 2];
        SplittableRandom random = new SplittableRandom(config.seed() ^ (key * 0x9E3779B97F4A7C15L));
        for (int i = 0; i < config.dimension(); i++) {
            data[i] = (float) (random.nextGaussian() * config.initScale());
        }
        return data;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(rows.size());
        IOException[] failure = new IOException[1];
        rows.forEach((key, row) -> {
            if (failure[0] != null) {
                return;
            }
            try {
                out.writeLong(key);
                out.writeLong(lastSeenMinute(row) * MINUTE_MS);
                for (int j = 0; j < stored; j++) {
                    out.writeFloat(row[j]);
                }
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        sightings.writeTo(out);
    }

    void readFrom(DataInput in) throws IOException {
        rows.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long key = in.readLong();
            long lastSeen = in.readLong();
            float[] data = new float[stored + 2];
            for (int j = 0; j < stored; j++) {
                data[j] = in.readFloat();
            }
            data[lastSeenSlot] = Float.intBitsToFloat((int) Math.floorDiv(lastSeen, MINUTE_MS));
            rows.put(key, data);
        }
        sightings = CountMinSketch.readFrom(in);
    }
}

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

    /** One row: {@code data[0, width)} parameters, {@code data[width, 2 width)} squared-gradient sums. */
    static final class Row {
        final long key;
        final float[] data;
        long lastSeenMs;
        /** Changed since the last publish; kept here rather than in a set so the hot path boxes nothing. */
        boolean dirty;

        Row(long key, float[] data, long lastSeenMs) {
            this.key = key;
            this.data = data;
            this.lastSeenMs = lastSeenMs;
        }
    }

    private final ModelConfig config;
    private final LongMap<Row> rows = new LongMap<>(1 << 16);
    private CountMinSketch sightings;

    EmbeddingTable(ModelConfig config) {
        this.config = config;
        this.sightings = new CountMinSketch(config.sketchLog2Width());
    }

    /**
     * The row to train for {@code key} at event time {@code nowMs}, creating it once the key is admitted;
     * null while the key is still below the admission count.
     */
    Row touch(long key, long nowMs) {
        Row row = rows.get(key);
        if (row == null) {
            if (sightings.increment(key) < config.admitAfter()) {
                return null;
            }
            row = new Row(key, initialValues(key), nowMs);
            rows.put(key, row);
        } else if (nowMs > row.lastSeenMs) {
            row.lastSeenMs = nowMs;
        }
        return row;
    }

    /** The row for {@code key}, or null; never admits. */
    Row peek(long key) {
        return rows.get(key);
    }

    /** Drops rows last seen before {@code nowMs - ttl} and ages the admission counts; returns dropped keys. */
    List<Long> expire(long nowMs) {
        long cutoff = nowMs - config.rowTtl().toMillis();
        List<Long> dropped = new ArrayList<>();
        rows.removeIf((key, row) -> row.lastSeenMs < cutoff, dropped::add);
        sightings.age();
        return dropped;
    }

    public int size() {
        return rows.size();
    }

    public boolean contains(long key) {
        return rows.get(key) != null;
    }

    /** Parameters of a row (a copy), or null. */
    float[] parameters(long key) {
        Row row = rows.get(key);
        return row == null ? null : java.util.Arrays.copyOf(row.data, config.rowWidth());
    }

    void forEachRow(java.util.function.Consumer<Row> action) {
        rows.forEach((key, row) -> action.accept(row));
    }

    /** Bytes the admission sketch takes (fixed, whatever the traffic). */
    long sketchBytes() {
        return sightings.bytes();
    }

    private float[] initialValues(long key) {
        int width = config.rowWidth();
        float[] data = new float[2 * width];
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
                out.writeLong(row.lastSeenMs);
                for (float f : row.data) {
                    out.writeFloat(f);
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
        int width = 2 * config.rowWidth();
        for (int i = 0; i < n; i++) {
            long key = in.readLong();
            long lastSeen = in.readLong();
            float[] data = new float[width];
            for (int j = 0; j < width; j++) {
                data[j] = in.readFloat();
            }
            rows.put(key, new Row(key, data, lastSeen));
        }
        sightings = CountMinSketch.readFrom(in);
    }
}

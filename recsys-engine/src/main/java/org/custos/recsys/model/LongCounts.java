package org.custos.recsys.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Counts per primitive {@code long} id, written by one thread and read by any number of others without locks: the
 * exposure counts, the negative sampler's ring counts and the co-engagement pair counts, each updated on every
 * event. {@code ConcurrentHashMap<Long, Integer>} boxed the id and the count on each update, a third of the
 * trainer's time outside the model (JFR).
 *
 * <p>Open addressing with linear probing in two parallel arrays held by an immutable-size table. The writer
 * updates the current table in place and, when it is half full, publishes a larger copy through a volatile field
 * (entries whose count fell to zero are left out of the copy, which is how removed ids leave). A reader sees each
 * count as it was at some moment of the writer's run, or zero for an id being inserted: fine for what these counts
 * feed (candidate scores and exploration), never for anything exact. Key 0 is a valid id, kept apart.
 */
public final class LongCounts {

    private record Table(long[] keys, int[] counts, int mask) {
        Table(int capacity) {
            this(new long[capacity], new int[capacity], capacity - 1);
        }
    }

    private volatile Table table;
    private volatile int zeroCount;
    /** Occupied slots of the current table, and ids of non-zero count (writer only). */
    private int used;
    private int nonZero;

    public LongCounts(int expected) {
        this.table = new Table(Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1);
    }

    /** The count of {@code id}, 0 when unknown (any thread). */
    public int get(long id) {
        if (id == 0) {
            return zeroCount;
        }
        Table t = table;
        int i = LongMap.home(id, t.mask);
        while (true) {
            long k = t.keys[i];
            if (k == id) {
                return t.counts[i];
            }
            if (k == 0) {
                return 0;
            }
            i = (i + 1) & t.mask;
        }
    }

    /** Adds {@code delta} (which may be negative) to the count of {@code id}; returns the new count (writer only). */
    public int add(long id, int delta) {
        if (id == 0) {
            int next = zeroCount + delta;
            track(zeroCount, next);
            zeroCount = next;
            return next;
        }
        Table t = table;
        int i = LongMap.home(id, t.mask);
        while (true) {
            long k = t.keys[i];
            if (k == id) {
                int next = t.counts[i] + delta;
                track(t.counts[i], next);
                t.counts[i] = next;
                return next;
            }
            if (k == 0) {
                if (delta == 0) {
                    return 0;
                }
                nonZero++;
                t.counts[i] = delta;
                t.keys[i] = id;
                if (++used * 2 > t.keys.length) {
                    grow(t);
                }
                return delta;
            }
            i = (i + 1) & t.mask;
        }
    }

    /** Ids with a non-zero count (writer only). */
    public int size() {
        return nonZero;
    }

    private void track(int before, int after) {
        if (before == 0 && after != 0) {
            nonZero++;
        } else if (before != 0 && after == 0) {
            nonZero--;
        }
    }

    /** Calls {@code action} with each id of non-zero count and its count, in no particular order. */
    public void forEach(Entry action) {
        if (zeroCount != 0) {
            action.accept(0, zeroCount);
        }
        Table t = table;
        for (int i = 0; i < t.keys.length; i++) {
            if (t.keys[i] != 0 && t.counts[i] != 0) {
                action.accept(t.keys[i], t.counts[i]);
            }
        }
    }

    /** Writes the non-zero counts as their number, then (id, count) pairs: the form {@link #readFrom} takes. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(nonZero);
        if (zeroCount != 0) {
            out.writeLong(0);
            out.writeInt(zeroCount);
        }
        Table t = table;
        for (int i = 0; i < t.keys.length; i++) {
            if (t.keys[i] != 0 && t.counts[i] != 0) {
                out.writeLong(t.keys[i]);
                out.writeInt(t.counts[i]);
            }
        }
    }

    /** Replaces the counts with those {@link #writeTo} wrote (writer only). */
    public void readFrom(DataInput in) throws IOException {
        clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            add(in.readLong(), in.readInt());
        }
    }

    /** Forgets everything (writer only). */
    public void clear() {
        table = new Table(16);
        zeroCount = 0;
        used = 0;
        nonZero = 0;
    }

    private void grow(Table old) {
        int live = 0;
        for (int c : old.counts) {
            if (c != 0) {
                live++;
            }
        }
        Table next = new Table(Integer.highestOneBit(Math.max(8, live * 4 - 1)) << 1);
        for (int i = 0; i < old.keys.length; i++) {
            long k = old.keys[i];
            if (k != 0 && old.counts[i] != 0) {
                int j = LongMap.home(k, next.mask);
                while (next.keys[j] != 0) {
                    j = (j + 1) & next.mask;
                }
                next.keys[j] = k;
                next.counts[j] = old.counts[i];
            }
        }
        used = live;
        table = next;
    }

    /** One id and its count. */
    @FunctionalInterface
    public interface Entry {
        void accept(long id, int count);
    }
}

package org.custos.recsys.model;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * A hash map from primitive {@code long} keys to values, for the embedding tables' hot paths. A
 * {@code HashMap<Long, ...>} boxes every key it is asked about and follows a pointer per entry; a training step
 * asks about 40 keys and ranking a page 5,000, which made boxing and pointer chasing a large share of both (JFR).
 *
 * <p>Open addressing with linear probing in two parallel arrays, load factor at most 1/2, so a miss ends after a
 * short run. Removal shifts the following entries of the run back (no tombstones), so lookups never slow down as
 * rows churn. Key 0 marks an empty slot, so the entry of key 0 (user 0's id row) is held apart. Not thread-safe:
 * callers guard it (the trainer owns one; serving reads one under its read lock), or publish a map that is no
 * longer written (safe to read from any thread once published through a volatile field).
 */
public final class LongMap<V> {

    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;
    private boolean hasZero;
    private Object zeroValue;

    public LongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
        if (key == 0) {
            return (V) zeroValue;
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return (V) values[i];
            }
            if (k == 0) {
                return null;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * The slot holding {@code key}, or -1 if the slot arrays do not hold it; key 0 lives outside them (ask
     * {@link #get}). With {@link #valueAt} this splits a lookup in two, so a caller can look up many keys in
     * passes whose memory reads do not wait on each other.
     */
    int slotOf(long key) {
        if (key == 0) {
            return -1;
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return i;
            }
            if (k == 0) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /** The value in a slot {@link #slotOf} returned, valid until the map is next changed. */
    @SuppressWarnings("unchecked")
    V valueAt(int slot) {
        return (V) values[slot];
    }

    /** Puts the value; returns the previous one, or null. */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (key == 0) {
            V old = (V) zeroValue;
            zeroValue = value;
            hasZero = true;
            return old;
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            if (k == 0) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return null;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes the key; returns its value, or null. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        if (key == 0) {
            V old = (V) zeroValue;
            zeroValue = null;
            hasZero = false;
            return old;
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == 0) {
                return null;
            }
            if (k == key) {
                V old = (V) values[i];
                deleteAt(i);
                return old;
            }
            i = (i + 1) & mask;
        }
    }

    /** Removes every entry for which {@code drop} holds; returns how many. */
    @SuppressWarnings("unchecked")
    public int removeIf(EntryTest<V> drop, LongConsumer onDropped) {
        int removed = 0;
        if (hasZero && drop.test(0, (V) zeroValue)) {
            onDropped.accept(0);
            remove(0);
            removed++;
        }
        int i = 0;
        while (i < keys.length) {
            long k = keys[i];
            if (k != 0 && drop.test(k, (V) values[i])) {
                onDropped.accept(k);
                deleteAt(i);
                removed++;
                // the slot now holds an entry shifted back from later in the run: look at it again
            } else {
                i++;
            }
        }
        return removed;
    }

    public void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, null);
        size = 0;
        hasZero = false;
        zeroValue = null;
    }

    /** Calls {@code action} for every entry, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEach(Entry<V> action) {
        if (hasZero) {
            action.accept(0, (V) zeroValue);
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                action.accept(keys[i], (V) values[i]);
            }
        }
    }

    @FunctionalInterface
    public interface EntryTest<V> {
        boolean test(long key, V value);
    }

    @FunctionalInterface
    public interface Entry<V> {
        void accept(long key, V value);
    }

    private int slot(long key) {
        return home(key, mask);
    }

    /**
     * The slot where a linear-probing table of {@code mask + 1} slots starts looking for {@code key}: the hash that
     * this map, {@link LongCounts} and {@link SharedLongMap} share.
     */
    static int home(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /**
     * Whether, after a removal leaves {@code hole} empty, the entry at slot {@code i} of the same run (whose home
     * slot is {@code home}) stays where it is: it does when its home lies cyclically in (hole, i], since moving it
     * back would put it before its home. Otherwise it moves into the hole, which then moves to {@code i}.
     */
    static boolean staysInRun(int hole, int i, int home) {
        return hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
    }

    private void deleteAt(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            long k = keys[i];
            if (k == 0) {
                break;
            }
            if (!staysInRun(hole, i, slot(k))) {
                keys[hole] = k;
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = 0;
        values[hole] = null;
        size--;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                @SuppressWarnings("unchecked")
                V v = (V) oldValues[i];
                put(oldKeys[i], v);
            }
        }
    }
}

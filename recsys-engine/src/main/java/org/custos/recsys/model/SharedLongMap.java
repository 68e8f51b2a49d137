package org.custos.recsys.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.LongFunction;

/**
 * A map from primitive {@code long} keys to values that any thread reads without a lock and without boxing: the
 * per-member watch histories and co-engagement lists, the feature caches. Each is read on every event and every
 * page; {@code ConcurrentHashMap<Long, ...>} boxed the key of every read and followed two pointers per entry, a
 * sixth of the trainer's time (JFR).
 *
 * <p>Open addressing with linear probing in two parallel arrays. Writes take the map's lock (they are rare next
 * to reads: an entry is added once and then read many times); a new entry's value is stored before its key, both
 * with release semantics, and a reader loads the key and then the value with acquire semantics, so a reader that
 * finds a key also sees its value, fully built. Growth builds a larger table aside and publishes it through a
 * volatile field. Key 0 marks an empty slot and {@link Long#MIN_VALUE} a removed one, so the entries of those two
 * keys are held apart.
 *
 * <p>Removal ({@link #remove}, for erasure: rare next to reads) leaves a tombstone, {@link Long#MIN_VALUE} with no value,
 * because shifting the run back as {@link LongMap} does could move an entry behind a reader that is probing past
 * it. A reader treats a tombstone as an occupied slot of another key and probes on; the removed key itself is
 * gone from the slot at once, and tombstones are dropped when the table is next rebuilt (which happens once they
 * and the entries fill half of it).
 */
public final class SharedLongMap<V> {

    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);
    /** The key of a removed entry's slot. */
    private static final long REMOVED = Long.MIN_VALUE;

    private record Table(long[] keys, Object[] values, int mask) {
        Table(int capacity) {
            this(new long[capacity], new Object[capacity], capacity - 1);
        }
    }

    private volatile Table table;
    private volatile Object zeroValue;
    private volatile Object removedKeyValue;
    /** Entries in the current table, written under the lock. */
    private volatile int size;
    /** Slots of the current table holding {@link #REMOVED}, written under the lock. */
    private int tombstones;

    public SharedLongMap(int expected) {
        this.table = new Table(capacityFor(expected));
    }

    /** The value of {@code key}, or null (any thread, no lock). */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        if (key == 0) {
            return (V) zeroValue;
        }
        if (key == REMOVED) {
            return (V) removedKeyValue;
        }
        Table t = table;
        int i = LongMap.home(key, t.mask);
        while (true) {
            long k = (long) KEYS.getAcquire(t.keys, i);
            if (k == key) {
                return (V) VALUES.getAcquire(t.values, i);
            }
            if (k == 0) {
                return null;
            }
            i = (i + 1) & t.mask;
        }
    }

    /** The value of {@code key}, made by {@code make} and stored first if there is none. */
    public V computeIfAbsent(long key, LongFunction<V> make) {
        V value = get(key);
        if (value != null) {
            return value;
        }
        synchronized (this) {
            value = get(key);
            if (value == null) {
                value = make.apply(key);
                put(key, value);
            }
            return value;
        }
    }

    /** Stores {@code value} (not null) for {@code key}, replacing any other. */
    public synchronized void put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null values are not stored: a null reads as absent");
        }
        if (key == 0) {
            if (zeroValue == null) {
                size++;
            }
            zeroValue = value;
            return;
        }
        if (key == REMOVED) {
            if (removedKeyValue == null) {
                size++;
            }
            removedKeyValue = value;
            return;
        }
        Table t = table;
        int i = LongMap.home(key, t.mask);
        while (true) {
            long k = t.keys[i];
            if (k == key) {
                VALUES.setRelease(t.values, i, value);
                return;
            }
            if (k == 0) {
                VALUES.setRelease(t.values, i, value);
                KEYS.setRelease(t.keys, i, key);
                size++;
                if (2L * (size + tombstones) > t.keys.length) {
                    table = rebuilt(t, 2L * size > t.keys.length ? t.keys.length * 2 : t.keys.length);
                    tombstones = 0;
                }
                return;
            }
            i = (i + 1) & t.mask;
        }
    }

    /**
     * Removes {@code key}; returns its value, or null. A reader racing with the removal sees the value or
     * nothing.
     */
    @SuppressWarnings("unchecked")
    public synchronized V remove(long key) {
        if (key == 0) {
            V old = (V) zeroValue;
            if (old != null) {
                zeroValue = null;
                size--;
            }
            return old;
        }
        if (key == REMOVED) {
            V old = (V) removedKeyValue;
            if (old != null) {
                removedKeyValue = null;
                size--;
            }
            return old;
        }
        Table t = table;
        int i = LongMap.home(key, t.mask);
        while (true) {
            long k = t.keys[i];
            if (k == key) {
                V old = (V) t.values[i];
                // the value first: a reader that still finds the key then sees no value, which reads as absent
                VALUES.setRelease(t.values, i, null);
                KEYS.setRelease(t.keys, i, REMOVED);
                size--;
                tombstones++;
                return old;
            }
            if (k == 0) {
                return null;
            }
            i = (i + 1) & t.mask;
        }
    }

    public int size() {
        return size;
    }

    /** Drops every entry; readers see the old entries or none. */
    public synchronized void clear() {
        table = new Table(16);
        zeroValue = null;
        removedKeyValue = null;
        size = 0;
        tombstones = 0;
    }

    /** Calls {@code action} for every entry, in no particular order (any thread: a racing write may be missed). */
    @SuppressWarnings("unchecked")
    public void forEach(LongMap.Entry<V> action) {
        Object zero = zeroValue;
        if (zero != null) {
            action.accept(0, (V) zero);
        }
        Object apart = removedKeyValue;
        if (apart != null) {
            action.accept(REMOVED, (V) apart);
        }
        Table t = table;
        for (int i = 0; i < t.keys.length; i++) {
            long k = (long) KEYS.getAcquire(t.keys, i);
            if (k != 0 && k != REMOVED) {
                Object value = VALUES.getAcquire(t.values, i);
                if (value != null) { // null: removed since the key was read
                    action.accept(k, (V) value);
                }
            }
        }
    }

    /** The live entries of {@code old} in a table of {@code capacity} slots, without tombstones. */
    private static Table rebuilt(Table old, int capacity) {
        Table next = new Table(capacity);
        for (int i = 0; i < old.keys.length; i++) {
            long k = old.keys[i];
            if (k != 0 && k != REMOVED) {
                int j = LongMap.home(k, next.mask);
                while (next.keys[j] != 0) {
                    j = (j + 1) & next.mask;
                }
                next.keys[j] = k;
                next.values[j] = old.values[i];
            }
        }
        return next;
    }

    private static int capacityFor(int expected) {
        return Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    }
}

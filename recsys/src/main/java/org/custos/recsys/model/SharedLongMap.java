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
 * volatile field. There is no removal of single keys: the users of this map keep their entries or drop them all.
 * Key 0 is a valid key, kept apart.
 */
public final class SharedLongMap<V> {

    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Object[].class);

    private record Table(long[] keys, Object[] values, int mask) {
        Table(int capacity) {
            this(new long[capacity], new Object[capacity], capacity - 1);
        }
    }

    private volatile Table table;
    private volatile Object zeroValue;
    /** Entries in the current table, written under the lock. */
    private volatile int size;

    public SharedLongMap(int expected) {
        this.table = new Table(capacityFor(expected));
    }

    /** The value of {@code key}, or null (any thread, no lock). */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        if (key == 0) {
            return (V) zeroValue;
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
                if (2L * size > t.keys.length) {
                    table = grown(t);
                }
                return;
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
        size = 0;
    }

    /** Calls {@code action} for every entry, in no particular order (any thread: a racing write may be missed). */
    @SuppressWarnings("unchecked")
    public void forEach(LongMap.Entry<V> action) {
        Object zero = zeroValue;
        if (zero != null) {
            action.accept(0, (V) zero);
        }
        Table t = table;
        for (int i = 0; i < t.keys.length; i++) {
            long k = (long) KEYS.getAcquire(t.keys, i);
            if (k != 0) {
                action.accept(k, (V) VALUES.getAcquire(t.values, i));
            }
        }
    }

    private static Table grown(Table old) {
        Table next = new Table(old.keys.length * 2);
        for (int i = 0; i < old.keys.length; i++) {
            long k = old.keys[i];
            if (k != 0) {
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

package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SharedLongMapTest {

    /** A value that remembers the key it was stored under, so a reader can tell a wrong or half-built value. */
    private record Stored(long key, long step) {
    }

    /** Small keys (so puts repeat and runs collide), any long, and the edges, 0 among them. */
    @Provide
    Arbitrary<Long> keys() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(-50, 50)),
                net.jqwik.api.Tuple.of(3, Arbitraries.longs()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE)));
    }

    /** Any sequence of puts agrees with a HashMap, through the growth of a map that starts small. */
    @Property(tries = 200)
    void put_anySequence_agreesWithHashMap(@ForAll @Size(max = 500) List<@From("keys") Long> puts) {
        SharedLongMap<Stored> map = new SharedLongMap<>(1);
        Map<Long, Stored> reference = new HashMap<>();
        long step = 0;
        for (long key : puts) {
            Stored value = new Stored(key, step++);
            map.put(key, value);
            reference.put(key, value);
            // size is checked after every put: growth must neither lose nor double-count an entry
            assertThat(map.size()).isEqualTo(reference.size());
        }
        for (Map.Entry<Long, Stored> e : reference.entrySet()) {
            assertThat(map.get(e.getKey())).isSameAs(e.getValue());
        }
        for (long key = -60; key <= 60; key++) {
            assertThat(map.get(key)).isEqualTo(reference.get(key));
        }
        Map<Long, Stored> seen = new HashMap<>();
        List<Long> visited = new ArrayList<>();
        map.forEach((key, value) -> {
            seen.put(key, value);
            visited.add(key);
        });
        assertThat(seen).isEqualTo(reference);
        // each entry once: a key visited twice would hide in the map comparison
        assertThat(visited).hasSize(reference.size());
    }

    @Test
    void put_nullValue_throwsAndStoresNothing() {
        SharedLongMap<String> map = new SharedLongMap<>(4);

        assertThatThrownBy(() -> map.put(7, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> map.put(0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(map.size()).isZero();
        assertThat(map.get(7)).isNull();
        assertThat(map.get(0)).isNull();
    }

    @Test
    void put_existingKey_replacesValueWithoutGrowingSize() {
        SharedLongMap<String> map = new SharedLongMap<>(4);
        map.put(0, "zero");
        map.put(-3, "a");
        map.put(0, "zero again");
        map.put(-3, "b");

        assertThat(map.size()).isEqualTo(2);
        assertThat(map.get(0)).isEqualTo("zero again");
        assertThat(map.get(-3)).isEqualTo("b");
    }

    @Test
    void computeIfAbsent_repeatedKeys_callsFactoryOncePerKey() {
        SharedLongMap<Stored> map = new SharedLongMap<>(2);
        Map<Long, Integer> calls = new HashMap<>();
        long[] keys = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, 42};
        List<Stored> first = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < keys.length; i++) {
                Stored got = map.computeIfAbsent(keys[i], k -> {
                    calls.merge(k, 1, Integer::sum);
                    return new Stored(k, 0);
                });
                if (round == 0) {
                    first.add(got);
                } else {
                    // later calls return the stored instance, not a fresh equal one
                    assertThat(got).isSameAs(first.get(i));
                }
                assertThat(got.key()).isEqualTo(keys[i]);
            }
        }
        assertThat(calls).hasSize(keys.length).allSatisfy((key, n) -> assertThat(n).isEqualTo(1));
        assertThat(map.size()).isEqualTo(keys.length);
    }

    @Test
    void computeIfAbsent_keyAlreadyPut_neverCallsFactory() {
        SharedLongMap<String> map = new SharedLongMap<>(2);
        map.put(0, "zero");
        map.put(5, "five");

        assertThat(map.computeIfAbsent(0, k -> { throw new AssertionError("factory called for key 0"); }))
                .isEqualTo("zero");
        assertThat(map.computeIfAbsent(5, k -> { throw new AssertionError("factory called for key 5"); }))
                .isEqualTo("five");
    }

    /** Threads racing on the same absent keys: the lock must let exactly one of them build each value. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void computeIfAbsent_racingThreads_callFactoryOncePerKeyAndAgreeOnTheValue() throws Exception {
        SharedLongMap<Stored> map = new SharedLongMap<>(2);
        int threads = 4;
        int keys = 5_000;
        Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
        Stored[][] got = new Stored[threads][keys];
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < keys; i++) {
                        got[me][i] = map.computeIfAbsent(i, k -> {
                            calls.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                            return new Stored(k, me);
                        });
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(15));
            assertThat(worker.isAlive()).as("worker finished").isFalse();
        }

        assertThat(failure.get()).isNull();
        assertThat(calls).hasSize(keys).allSatisfy((key, n) -> assertThat(n.get()).isEqualTo(1));
        for (int i = 0; i < keys; i++) {
            for (int t = 1; t < threads; t++) {
                assertThat(got[t][i]).isSameAs(got[0][i]);
            }
        }
        assertThat(map.size()).isEqualTo(keys);
    }

    @Test
    void clear_dropsEveryEntry_andTheMapIsUsableAfter() {
        SharedLongMap<String> map = new SharedLongMap<>(2);
        for (long key = -20; key <= 20; key++) {
            map.put(key, "v" + key);
        }
        map.clear();

        assertThat(map.size()).isZero();
        assertThat(map.get(0)).isNull();
        assertThat(map.get(7)).isNull();
        List<Long> visited = new ArrayList<>();
        map.forEach((key, value) -> visited.add(key));
        assertThat(visited).isEmpty();

        map.put(0, "zero");
        map.put(7, "seven");
        assertThat(map.size()).isEqualTo(2);
        assertThat(map.get(0)).isEqualTo("zero");
        assertThat(map.get(7)).isEqualTo("seven");
    }

    /**
     * One writer inserts while two readers look up keys the writer has already finished putting (it publishes its
     * progress only after each put returns). Every such read must find the value, fully built, under its own key,
     * also while the table is being grown and republished.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void get_whileOneWriterInserts_everyPublishedKeyIsFoundWithItsValue() throws Exception {
        int total = 200_000;
        SharedLongMap<Stored> map = new SharedLongMap<>(16);
        AtomicLong progress = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong readsDuringWrites = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch readersReading = new CountDownLatch(2);

        Thread writer = new Thread(() -> {
            try {
                start.await();
                for (long key = 1; key <= total && failure.get() == null; key++) {
                    map.put(key, new Stored(key, key * 31));
                    progress.set(key); // after the put: a reader that sees key k may ask for any key up to k
                    if (key == 1) {
                        // hold on until both readers read once, so reads overlap the writes whatever the scheduler
                        readersReading.await(10, TimeUnit.SECONDS);
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, "writer: " + e);
            } finally {
                done.set(true);
            }
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            SplittableRandom random = new SplittableRandom(1234 + r);
            Thread reader = new Thread(() -> {
                try {
                    start.await();
                    long local = 0;
                    long during = 0;
                    while (failure.get() == null) {
                        boolean writerDone = done.get();
                        long published = progress.get();
                        if (published == 0) {
                            Thread.onSpinWait();
                            continue;
                        }
                        // alternate the newest key (most likely to race with the writer) and any older one
                        long key = (local & 1) == 0 ? published : 1 + random.nextLong(published);
                        Stored value = map.get(key);
                        if (value == null || value.key() != key || value.step() != key * 31) {
                            failure.compareAndSet(null, "get(" + key + ") with progress " + published
                                    + " returned " + value);
                            break;
                        }
                        int size = map.size();
                        if (size < published) {
                            failure.compareAndSet(null, "size " + size + " below progress " + published);
                            break;
                        }
                        if (local++ == 0) {
                            readersReading.countDown();
                        }
                        if (!writerDone) {
                            during++;
                        }
                        if (writerDone && local > 10_000) {
                            break;
                        }
                    }
                    reads.addAndGet(local);
                    readsDuringWrites.addAndGet(during);
                } catch (Throwable e) {
                    failure.compareAndSet(null, "reader: " + e);
                }
            });
            reader.setDaemon(true); // a hung reader must not keep the test JVM alive
            readers.add(reader);
        }
        writer.setDaemon(true);
        writer.start();
        readers.forEach(Thread::start);
        start.countDown();
        writer.join(TimeUnit.SECONDS.toMillis(20));
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }

        assertThat(writer.isAlive()).as("writer finished").isFalse();
        assertThat(readers).noneMatch(Thread::isAlive);
        assertThat(failure.get()).isNull();
        assertThat(reads.get()).isPositive();
        // the readers really overlapped the writer, or the test proved nothing about concurrency
        assertThat(readsDuringWrites.get()).isPositive();
        assertThat(map.size()).isEqualTo(total);
        long wrong = 0;
        for (long key = 1; key <= total; key++) {
            Stored value = map.get(key);
            if (value == null || value.key() != key) {
                wrong++;
            }
        }
        assertThat(wrong).as("keys missing or wrong after the writer finished").isZero();
    }
}

package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Removal from {@link SharedLongMap}: tombstones that readers probe past, and rebuilds that drop them. */
class SharedLongMapRemoveTest {

    /** A put (value >= 0) or a removal (value -1) of a key. */
    private record Step(long key, long value) {
    }

    @Provide
    Arbitrary<Step> steps() {
        Arbitrary<Long> keys = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(-40, 40)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, Long.MIN_VALUE, Long.MAX_VALUE)));
        return Combinators.combine(keys, Arbitraries.longs().between(-1, 1_000)).as(Step::new);
    }

    /** Any mix of puts and removals agrees with a HashMap: gets, size and forEach, through tombstone rebuilds. */
    @Property(tries = 300)
    void putAndRemove_anySequence_agreesWithHashMap(@ForAll @Size(max = 600) List<@From("steps") Step> steps) {
        SharedLongMap<Long> map = new SharedLongMap<>(1);
        Map<Long, Long> reference = new HashMap<>();
        for (Step step : steps) {
            if (step.value() < 0) {
                assertThat(map.remove(step.key())).isEqualTo(reference.remove(step.key()));
            } else {
                map.put(step.key(), step.value());
                reference.put(step.key(), step.value());
            }
            assertThat(map.size()).isEqualTo(reference.size());
        }
        for (long key = -45; key <= 45; key++) {
            assertThat(map.get(key)).isEqualTo(reference.get(key));
        }
        for (Map.Entry<Long, Long> e : reference.entrySet()) {
            assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
        }
        Map<Long, Long> seen = new HashMap<>();
        map.forEach((key, value) -> assertThat(seen.put(key, value)).as("visited once").isNull());
        assertThat(seen).isEqualTo(reference);
    }

    @Test
    void remove_manyKeysOneByOne_leavesTheOthersAndTheMapUsable() {
        SharedLongMap<String> map = new SharedLongMap<>(4);
        for (long key = 1; key <= 10_000; key++) {
            map.put(key, "v" + key);
        }
        for (long key = 1; key <= 10_000; key += 2) {
            assertThat(map.remove(key)).isEqualTo("v" + key);
        }
        // churn: remove and re-add far more keys than the table holds, so rebuilds must drop the tombstones
        for (long round = 0; round < 20; round++) {
            for (long key = 1; key <= 10_000; key += 2) {
                map.put(key + 100_000 * (round + 1), "x");
                map.remove(key + 100_000 * (round + 1));
            }
        }
        assertThat(map.size()).isEqualTo(5_000);
        for (long key = 1; key <= 10_000; key++) {
            assertThat(map.get(key)).isEqualTo(key % 2 == 0 ? "v" + key : null);
        }
        assertThat(map.remove(1)).isNull();
    }

    /**
     * Readers probe for keys that stay while a writer removes and re-adds others in the same runs: a tombstone
     * must never hide a key behind it, nor a reader ever see a removed key's value under another key.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void get_whileAWriterRemoves_keysThatStayAreAlwaysFound() throws Exception {
        SharedLongMap<Long> map = new SharedLongMap<>(16);
        int stay = 20_000;
        for (long key = 1; key <= stay; key++) {
            map.put(2 * key, 2 * key);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            for (int round = 0; round < 30 && failure.get() == null; round++) {
                for (long key = 1; key <= stay; key++) {
                    map.put(2 * key + 1, 2 * key + 1);
                }
                for (long key = 1; key <= stay; key++) {
                    map.remove(2 * key + 1);
                }
            }
            done.set(true);
        });
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            long key = 1;
            while (!done.get() && failure.get() == null) {
                Long even = map.get(2 * key);
                Long odd = map.get(2 * key + 1);
                if (even == null || even != 2 * key) {
                    failure.compareAndSet(null, "get(" + 2 * key + ") returned " + even);
                }
                if (odd != null && odd != 2 * key + 1) {
                    failure.compareAndSet(null, "get(" + (2 * key + 1) + ") returned " + odd);
                }
                key = key == stay ? 1 : key + 1;
            }
        });
        writer.join(TimeUnit.SECONDS.toMillis(25));
        reader.join(TimeUnit.SECONDS.toMillis(5));

        assertThat(failure.get()).isNull();
        assertThat(done.get()).isTrue();
        assertThat(map.size()).isEqualTo(stay);
    }
}

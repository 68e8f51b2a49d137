package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LongCountsTest {

    /**
     * Any sequence of increments and decrements (small ids, so runs collide; counts that return to zero are dropped
     * when the table grows) agrees with a HashMap of the non-zero counts.
     */
    @Property(tries = 200)
    void add_anySequence_agreesWithHashMap(
            @ForAll @Size(max = 600) List<@LongRange(min = -30, max = 30) Long> ids,
            @ForAll @Size(max = 600) List<@IntRange(min = -2, max = 3) Integer> deltas) {
        LongCounts counts = new LongCounts(2);
        Map<Long, Integer> reference = new HashMap<>();
        for (int i = 0; i < Math.min(ids.size(), deltas.size()); i++) {
            long id = ids.get(i);
            int delta = deltas.get(i);
            int expected = reference.getOrDefault(id, 0) + delta;
            if (expected == 0) {
                reference.remove(id);
            } else {
                reference.put(id, expected);
            }
            assertThat(counts.add(id, delta)).isEqualTo(expected);
        }
        assertThat(counts.size()).isEqualTo(reference.size());
        for (long id = -30; id <= 30; id++) {
            assertThat(counts.get(id)).isEqualTo(reference.getOrDefault(id, 0));
        }
        Map<Long, Integer> seen = new HashMap<>();
        counts.forEach(seen::put);
        assertThat(seen).isEqualTo(reference);
    }

    @Test
    void writeTo_thenReadFrom_givesTheSameNonZeroCounts() throws Exception {
        LongCounts counts = new LongCounts(2);
        counts.add(0, 3);
        counts.add(-5, 2);
        counts.add(Long.MAX_VALUE, 1);
        counts.add(9, 4);
        counts.add(9, -4); // back to zero: not written
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        counts.writeTo(new java.io.DataOutputStream(bytes));

        LongCounts read = new LongCounts(2);
        read.add(77, 1); // replaced, not merged
        read.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));

        Map<Long, Integer> seen = new HashMap<>();
        read.forEach(seen::put);
        assertThat(seen).isEqualTo(Map.of(0L, 3, -5L, 2, Long.MAX_VALUE, 1));
        assertThat(read.size()).isEqualTo(3);
    }

    @Test
    void add_churningIds_keepsTheTableSmall() {
        // ids that come and go (as in the negative sampler's ring) must not grow the table without bound
        LongCounts counts = new LongCounts(8);
        for (long id = 1; id <= 100_000; id++) {
            counts.add(id, 1);
            if (id > 10) {
                counts.add(id - 10, -1);
            }
        }
        assertThat(counts.size()).isEqualTo(10);
        assertThat(counts.get(100_000)).isEqualTo(1);
        assertThat(counts.get(5)).isZero();
    }

    @Test
    void get_whileTheWriterGrowsTheTable_neverSeesAWrongCount() throws Exception {
        // one writer, lock-free readers: a reader sees a count the writer has set, or zero for an id being
        // inserted, never anything else
        LongCounts counts = new LongCounts(8);
        int ids = 200_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            while (!done.get() && wrong.get() == null) {
                long id = 1 + random.nextInt(ids);
                int seen = counts.get(id);
                if (seen != 0 && seen != 7) {
                    wrong.set("id " + id + " read " + seen);
                }
            }
        });
        for (long id = 1; id <= ids; id++) {
            counts.add(id, 7);
        }
        done.set(true);
        reader.join(10_000);

        assertThat(wrong.get()).isNull();
        assertThat(counts.get(ids)).isEqualTo(7);
        assertThat(counts.size()).isEqualTo(ids);
    }
}

package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EmbeddingTableTouchAllTest {

    /** A stand-in row that touchAll must overwrite wherever it writes. */
    private static final float[] SENTINEL = new float[] {Float.NaN};
    /** Keys placed after {@code n} in the keys array: touchAll must not look at them. */
    private static final long TAIL_KEY_BASE = 1L << 50;

    private static ModelConfig config(int admitAfter) {
        return new ModelConfig(8, admitAfter, Duration.ofDays(1), 0.05, 0, 0.01, 7, 16);
    }

    /** One call: the keys and the event time. */
    record Batch(List<Long> keys, long nowMs) {
    }

    /** A small pool, so keys repeat within one call and across calls; 0 and negative keys among them. */
    @Provide
    Arbitrary<Batch> batches() {
        Arbitrary<Long> key = Arbitraries.oneOf(
                Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE),
                Arbitraries.longs().between(1, 8),
                Arbitraries.of(FeatureKey.of(FeatureKey.Field.USER, 3), FeatureKey.of(FeatureKey.Field.VIDEO, 3),
                        FeatureKey.of(FeatureKey.Field.AUTHOR, 99)));
        // times jump by whole minutes or less, forwards and sometimes back (events arrive out of order)
        Arbitrary<Long> time = Arbitraries.longs().between(-5 * 60_000L, 30 * 60_000L);
        return net.jqwik.api.Combinators.combine(key.list().ofMaxSize(40), time).as(Batch::new);
    }

    @Property(tries = 200)
    void touchAll_anyKeySequence_sameOutcomeAndRowsAsTouchKeyByKey(
            @ForAll @Size(min = 1, max = 8) List<@From("batches") Batch> batches,
            @ForAll @IntRange(min = 1, max = 3) int admitAfter,
            @ForAll @IntRange(min = 0, max = 3) int tail) {
        EmbeddingTable batched = new EmbeddingTable(config(admitAfter));
        EmbeddingTable single = new EmbeddingTable(config(admitAfter));
        long base = 1_700_000_000_000L;
        for (Batch batch : batches) {
            int n = batch.keys().size();
            long now = base + batch.nowMs();
            long[] keys = new long[n + tail];
            for (int i = 0; i < n; i++) {
                keys[i] = batch.keys().get(i);
            }
            for (int i = 0; i < tail; i++) {
                keys[n + i] = TAIL_KEY_BASE + i;
            }
            float[][] out = new float[n + tail][];
            Arrays.fill(out, SENTINEL);

            batched.touchAll(keys, n, now, out);
            float[][] expected = new float[n][];
            for (int i = 0; i < n; i++) {
                expected[i] = single.touch(keys[i], now);
            }

            for (int i = 0; i < n; i++) {
                assertThat(out[i]).as("position %d, key %d", i, keys[i]).isNotSameAs(SENTINEL);
                assertThat(out[i] == null).as("admitted at position %d, key %d", i, keys[i])
                        .isEqualTo(expected[i] == null);
                assertThat(Arrays.equals(out[i], expected[i])).as("row at position %d, key %d", i, keys[i])
                        .isTrue();
                if (out[i] != null) {
                    // the row handed out is the stored one, so training it trains the table
                    assertThat(out[i]).isSameAs(batched.peek(keys[i]));
                }
            }
            for (int i = n; i < n + tail; i++) {
                assertThat(out[i]).as("beyond n").isSameAs(SENTINEL);
            }
            assertThat(batched.size()).isEqualTo(single.size());
        }
        for (long key = 0; key < tail; key++) {
            assertThat(batched.contains(TAIL_KEY_BASE + key)).as("key beyond n touched").isFalse();
        }
        batched.forEachRow((key, row) -> assertThat(Arrays.equals(row, single.peek(key))).as("key %d", key).isTrue());
    }

    @Test
    void touchAll_keyRepeatedWithinOneCall_isAdmittedAtTheSightingThatReachesAdmitAfter() {
        EmbeddingTable table = new EmbeddingTable(config(2));
        long key = FeatureKey.of(FeatureKey.Field.VIDEO, 11);
        long[] keys = {key, 0, key, 0, key};
        float[][] out = new float[5][];

        table.touchAll(keys, 5, 0, out);

        // the first sighting of each key only counts; the second admits; later ones return the same row
        assertThat(out[0]).isNull();
        assertThat(out[1]).isNull();
        assertThat(out[2]).isNotNull();
        assertThat(out[3]).isNotNull().isSameAs(table.peek(0));
        assertThat(out[4]).isSameAs(out[2]);
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void touchAll_admittedRow_lastSeenMovesForwardOnly() {
        EmbeddingTable table = new EmbeddingTable(config(1));
        long key = FeatureKey.of(FeatureKey.Field.USER, 5);
        float[][] out = new float[1][];
        long hour = Duration.ofHours(1).toMillis();
        table.touchAll(new long[] {key}, 1, 0, out);
        table.touchAll(new long[] {key}, 1, 2 * hour, out);
        table.touchAll(new long[] {key}, 1, 0, out); // an older event must not pull last-seen back

        // ttl one day: seen at hour 2, so kept at hour 2 + 23, dropped at hour 2 + 25
        assertThat(table.expire(25 * hour)).isEmpty();
        assertThat(table.expire(27 * hour)).containsExactly(key);
    }
}

package org.custos.recsys.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.custos.recsys.InteractionEvent;
import org.junit.jupiter.api.Test;

class TrendingTest {

    private static final long T0 = Instant.parse("2025-03-01T12:00:00Z").toEpochMilli();
    private static final Duration HOUR = Duration.ofHours(1);

    /** A long view (a positive watch) of {@code videoId} in {@code region} at {@code atMs}. */
    private static InteractionEvent watch(long videoId, String region, long atMs) {
        return new InteractionEvent(1, videoId, Instant.ofEpochMilli(atMs), 30_000, true, true, false, false, false,
                0, region);
    }

    private static void watch(Trending trending, long videoId, String region, long atMs, int times) {
        for (int i = 0; i < times; i++) {
            trending.record(watch(videoId, region, atMs));
        }
    }

    /** Values from a small pool (so duplicates are common) or any finite double; -0.0 folded into 0.0. */
    @Provide
    Arbitrary<Double> selectValues() {
        return Arbitraries.oneOf(
                Arbitraries.of(0.0, 1.0, 2.0, 2.5, 1e300, -7.0),
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.doubles().between(0, Double.MAX_VALUE)).map(v -> v + 0.0);
    }

    @Property(tries = 500)
    void select_anyValuesAndRank_equalsSortedValueAtRank(
            @ForAll @Size(min = 1, max = 200) List<@From("selectValues") Double> values,
            @ForAll @IntRange(min = 0, max = 199) int rankSeed,
            @ForAll @IntRange(min = 0, max = 5) int tail) {
        int n = values.size();
        int rank = rankSeed % n;
        // a longer array than n: select must only look at (and only reorder) values[0, n)
        double[] array = new double[n + tail];
        for (int i = 0; i < n; i++) {
            array[i] = values.get(i);
        }
        Arrays.fill(array, n, n + tail, Double.NaN);
        double[] sorted = Arrays.copyOf(array, n);
        Arrays.sort(sorted);

        double selected = Trending.select(array, n, rank);

        assertThat(selected).isEqualTo(sorted[rank]);
        double[] prefix = Arrays.copyOf(array, n);
        Arrays.sort(prefix);
        assertThat(prefix).containsExactly(sorted);
        for (int i = n; i < n + tail; i++) {
            assertThat(array[i]).isNaN();
        }
    }

    @Test
    void select_allEqualValues_returnsThatValueAtEveryRank() {
        for (int rank = 0; rank < 9; rank++) {
            double[] values = new double[9];
            Arrays.fill(values, 4.0);
            assertThat(Trending.select(values, 9, rank)).isEqualTo(4.0);
        }
    }

    /** Random integer counts at one instant (exact in doubles) against a brute-force ranking. */
    @Property(tries = 200)
    void top_randomCounts_matchesCountsSortedDescendingThenById(
            @ForAll @Size(max = 300) List<@LongRange(min = 0, max = 40) Long> watches,
            @ForAll @IntRange(min = 1, max = 12) int listSize) {
        Trending trending = new Trending(HOUR, listSize);
        Map<Long, Integer> counts = new HashMap<>();
        for (long video : watches) {
            trending.record(watch(video, "us", T0));
            counts.merge(video, 1, Integer::sum);
        }
        trending.refresh(T0);

        List<Long> expected = counts.keySet().stream()
                .sorted(Comparator.<Long>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()))
                .limit(listSize)
                .toList();
        assertThat(trending.top("us", 100)).containsExactlyElementsOf(expected);
        assertThat(trending.top("", 100)).containsExactlyElementsOf(expected);
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            assertThat(trending.popularity(e.getKey())).isEqualTo(bucket(e.getValue()));
        }
    }

    private static int bucket(double count) {
        // 1 + floor(log2(1 + count)), the slow way: powers of two are exact, a ratio of logarithms is not
        int k = 0;
        while (Math.pow(2, k + 1) <= 1 + count) {
            k++;
        }
        return 1 + k;
    }

    @Test
    void top_equalCountsButOneLongAgo_recentVideoRanksFirst() {
        Trending trending = new Trending(HOUR, 10);
        watch(trending, 1, "us", T0, 3);
        watch(trending, 2, "us", T0 + HOUR.toMillis() * 2, 3);
        trending.refresh(T0 + HOUR.toMillis() * 2);

        assertThat(trending.top("us", 10)).containsExactly(2L, 1L);
        // two half-lives: 3 watches decayed to 0.75 (bucket 1), the fresh 3 still count 3 (bucket 3)
        assertThat(trending.popularity(1)).isEqualTo(1);
        assertThat(trending.popularity(2)).isEqualTo(3);
    }

    @Test
    void top_moreWatchesAtTheSameTime_ranksFirst() {
        Trending trending = new Trending(HOUR, 10);
        watch(trending, 7, "us", T0, 2);
        watch(trending, 8, "us", T0, 5);
        watch(trending, 9, "us", T0, 1);
        trending.refresh(T0);

        assertThat(trending.top("us", 10)).containsExactly(8L, 7L, 9L);
        assertThat(trending.top("", 10)).containsExactly(8L, 7L, 9L);
    }

    @Test
    void record_negativeWatch_isNotCounted() {
        Trending trending = new Trending(HOUR, 10);
        trending.record(InteractionEvent.ofWatch(1, 5, Instant.ofEpochMilli(T0), 1_000, 60_000, false, false, false,
                0, "us"));
        trending.record(InteractionEvent.ofWatch(1, 6, Instant.ofEpochMilli(T0), 1_000, 60_000, true, false, false,
                0, "us"));
        trending.refresh(T0);

        // a short play without a like is no positive signal; a like is
        assertThat(trending.top("us", 10)).containsExactly(6L);
        assertThat(trending.popularity(5)).isZero();
        assertThat(trending.popularity(6)).isEqualTo(2);
    }

    @Test
    void top_unknownOrFadedRegion_fallsBackToGlobalList() {
        Trending trending = new Trending(HOUR, 10);
        watch(trending, 1, "us", T0, 5);
        watch(trending, 2, "us", T0, 1);
        watch(trending, 2, "de", T0, 3);
        watch(trending, 3, "de", T0, 2);
        watch(trending, 4, "fr", T0 - HOUR.toMillis() * 10, 1);
        trending.refresh(T0);

        assertThat(trending.top("us", 10)).containsExactly(1L, 2L);
        assertThat(trending.top("de", 10)).containsExactly(2L, 3L);
        // global: 1 has 5, 2 has 1 + 3, 3 has 2
        List<Long> global = List.of(1L, 2L, 3L);
        assertThat(trending.top("", 10)).containsExactlyElementsOf(global);
        assertThat(trending.top("jp", 10)).containsExactlyElementsOf(global);
        // fr's only watch decayed below the threshold and was dropped: its list is empty, so the global one serves
        assertThat(trending.top("fr", 10)).containsExactlyElementsOf(global);
        assertThat(trending.top("jp", 2)).containsExactly(1L, 2L);
    }

    @Test
    void top_manyVideos_listCutToListSizeAndLimit() {
        Trending trending = new Trending(HOUR, 3);
        for (long video = 1; video <= 10; video++) {
            watch(trending, video, "us", T0, (int) video);
        }
        trending.refresh(T0);

        assertThat(trending.top("us", 100)).containsExactly(10L, 9L, 8L);
        assertThat(trending.top("", 100)).containsExactly(10L, 9L, 8L);
        assertThat(trending.top("us", 2)).containsExactly(10L, 9L);
        assertThat(trending.top("us", 0)).isEmpty();
        // popularity is not limited to the top list
        assertThat(trending.popularity(1)).isEqualTo(2);
    }

    @Test
    void top_equalCounts_tiesBrokenByIdAscending() {
        Trending trending = new Trending(HOUR, 2);
        for (long video : new long[] {50, 3, 0, 17}) {
            watch(trending, video, "us", T0, 2);
        }
        trending.refresh(T0);

        assertThat(trending.top("us", 10)).containsExactly(0L, 3L);
    }

    @Test
    void top_beforeAnyRefresh_isEmpty() {
        Trending trending = new Trending(HOUR, 5);
        assertThat(trending.top("us", 5)).isEmpty();
        trending.refresh(T0); // nothing recorded: nothing to publish
        assertThat(trending.top("us", 5)).isEmpty();
        watch(trending, 1, "us", T0, 1);
        assertThat(trending.top("us", 5)).as("published only at refresh").isEmpty();
        trending.refresh(T0);
        assertThat(trending.top("us", 5)).containsExactly(1L);
    }

    @Test
    void popularity_growsWithWatches_asLog2BucketOfCount() {
        Trending trending = new Trending(HOUR, 10);
        assertThat(trending.popularity(42)).isZero();

        watch(trending, 42, "us", T0, 1);
        trending.refresh(T0);
        assertThat(trending.popularity(42)).isEqualTo(2); // 1 + floor(log2(2))

        watch(trending, 42, "us", T0, 2);
        trending.refresh(T0);
        assertThat(trending.popularity(42)).isEqualTo(3); // count 3: 1 + floor(log2(4))

        watch(trending, 42, "de", T0, 4);
        trending.refresh(T0);
        assertThat(trending.popularity(42)).isEqualTo(4); // count 7 over all regions: 1 + floor(log2(8))

        assertThat(trending.popularity(43)).isZero();
    }

    @Test
    void popularity_countDecayedBelowThreshold_dropsToZeroAndIsForgotten() {
        Trending trending = new Trending(HOUR, 10);
        watch(trending, 42, "us", T0, 1);
        trending.refresh(T0);
        assertThat(trending.popularity(42)).isEqualTo(2);

        trending.refresh(T0 + HOUR.toMillis() * 4);
        // 1/16 = 0.0625: still above the 0.05 threshold, bucket 1
        assertThat(trending.popularity(42)).isEqualTo(1);
        assertThat(trending.top("us", 10)).containsExactly(42L);

        trending.refresh(T0 + HOUR.toMillis() * 5);
        // 1/32 < 0.05: dropped
        assertThat(trending.popularity(42)).isZero();
        assertThat(trending.top("us", 10)).isEmpty();
        assertThat(trending.top("", 10)).isEmpty();

        trending.refresh(T0 + Duration.ofDays(1000).toMillis());
        assertThat(trending.popularity(42)).isZero();
        assertThat(trending.top("us", 10)).isEmpty();
    }

    @Test
    void popularity_refreshFarInTheFutureAtOnce_forgetsEverything() {
        Trending trending = new Trending(HOUR, 10);
        watch(trending, 42, "us", T0, 100);
        watch(trending, 0, "de", T0, 3);
        trending.refresh(T0);
        assertThat(trending.popularity(42)).isEqualTo(7); // 1 + floor(log2(101))
        assertThat(trending.popularity(0)).isEqualTo(3);

        trending.refresh(T0 + Duration.ofDays(1000).toMillis());

        assertThat(trending.popularity(42)).isZero();
        assertThat(trending.popularity(0)).isZero();
        assertThat(trending.top("us", 10)).isEmpty();
        assertThat(trending.top("de", 10)).isEmpty();

        // and it counts again from scratch afterwards
        long later = T0 + Duration.ofDays(1000).toMillis();
        watch(trending, 5, "us", later, 1);
        trending.refresh(later);
        assertThat(trending.top("us", 10)).containsExactly(5L);
        assertThat(trending.popularity(5)).isEqualTo(2);
    }

    @Test
    void readFrom_snapshotOfWriteTo_givesSameListsAndPopularity() throws IOException {
        Trending original = new Trending(HOUR, 4);
        long span = HOUR.toMillis() * 3;
        for (int i = 0; i < 300; i++) {
            long at = T0 + span * i / 300;
            String region = switch (i % 3) {
                case 0 -> "us";
                case 1 -> "de";
                default -> "";
            };
            original.record(watch((i * 7L) % 23, region, at));
        }
        long now = T0 + span;
        original.refresh(now);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        original.writeTo(new DataOutputStream(bytes));
        Trending restored = new Trending(HOUR, 4);
        watch(restored, 99, "jp", T0, 9); // state before the read must be replaced, not merged
        restored.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        restored.refresh(now);

        assertSameState(restored, original);
        assertThat(restored.popularity(99)).isZero();
        assertThat(original.top("us", 10)).hasSize(4);

        // both go on in step after the restore
        long later = now + HOUR.toMillis();
        for (Trending t : List.of(original, restored)) {
            watch(t, 5, "us", later, 3);
            watch(t, 6, "de", later, 1);
            t.refresh(later);
        }
        assertSameState(restored, original);
    }

    private static void assertSameState(Trending actual, Trending expected) {
        for (String region : List.of("", "us", "de", "jp")) {
            assertThat(actual.top(region, 10)).as("region '%s'", region).isEqualTo(expected.top(region, 10));
        }
        for (long video = 0; video < 100; video++) {
            assertThat(actual.popularity(video)).as("video %d", video).isEqualTo(expected.popularity(video));
        }
    }

    /**
     * Half-life one second, events over two hours: 7,200 half-lives, far beyond what a double's exponent holds
     * without the rescaling of stored counts. The result must match a direct computation of each decayed count.
     */
    @Test
    void refresh_eventsOverThousandsOfHalfLives_rankLikeDirectDecayAndGiveFiniteBuckets() {
        Duration halfLife = Duration.ofSeconds(1);
        Trending trending = new Trending(halfLife, 10);
        List<long[]> events = new ArrayList<>(); // {video, time}
        watch(trending, 100, "us", T0, 50); // heavy, but two hours ago
        for (int i = 0; i < 50; i++) {
            events.add(new long[] {100, T0});
        }
        long end = T0 + Duration.ofHours(2).toMillis();
        int n = 0;
        for (long t = T0; t <= end; t += 5_000) {
            long video = 10 + (t - T0) / 5_000 % 3;
            trending.record(watch(video, "us", t));
            events.add(new long[] {video, t});
            if (++n % 50 == 0) {
                trending.refresh(t); // as the trainer does, between batches
            }
        }
        for (long[] e : new long[][] {{1, 5}, {2, 2}, {3, 1}}) {
            watch(trending, e[0], "us", end, (int) e[1]);
            for (int i = 0; i < e[1]; i++) {
                events.add(new long[] {e[0], end});
            }
        }
        trending.refresh(end);

        Map<Long, Double> decayed = new HashMap<>();
        for (long[] e : events) {
            decayed.merge(e[0], Math.pow(2, -(double) (end - e[1]) / halfLife.toMillis()), Double::sum);
        }
        List<Long> expected = decayed.entrySet().stream()
                .filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<Long, Double>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();

        // 1: 5 watches now; 2: two; 10: one now plus a tail of older ones; 3: one; 11 and 12 faded below 0.05
        assertThat(expected).containsExactly(1L, 2L, 10L, 3L);
        assertThat(trending.top("us", 10)).containsExactlyElementsOf(expected);
        assertThat(trending.top("", 10)).containsExactlyElementsOf(expected);
        for (Map.Entry<Long, Double> e : decayed.entrySet()) {
            int want = e.getValue() >= 0.05 ? bucket(e.getValue()) : 0;
            assertThat(trending.popularity(e.getKey())).as("video %d", e.getKey()).isEqualTo(want);
        }
        assertThat(trending.popularity(1)).isEqualTo(3);
        assertThat(trending.popularity(100)).isZero();
    }

    /** The same long span with no refresh until the end: only the rescale at record time keeps counts finite. */
    @Test
    void record_manyHalfLivesWithoutRefresh_countsStayFinite() {
        Trending trending = new Trending(Duration.ofSeconds(1), 5);
        long end = T0 + Duration.ofHours(2).toMillis();
        for (long t = T0; t < end - 1_000; t += 1_000) {
            trending.record(watch(7, "us", t));
        }
        watch(trending, 8, "us", end, 3);
        trending.refresh(end);

        // 7: one watch a second, the last one two seconds ago: 1/4 + 1/8 + ... about 1/2, bucket 1
        assertThat(trending.top("us", 5)).containsExactly(8L, 7L);
        assertThat(trending.popularity(7)).isEqualTo(1);
        assertThat(trending.popularity(8)).isEqualTo(3);
    }
}

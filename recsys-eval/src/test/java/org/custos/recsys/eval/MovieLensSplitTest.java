package org.custos.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MovieLensSplitTest {

    @Property(tries = 200)
    void stratified_anyRatings_putsThreeQuartersOfEachGroupInTrainAndLosesNothing(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 1, max = 12) Integer> items,
            @ForAll long seed, @ForAll boolean byItem, @ForAll MovieLensSplit.Cut cut) {
        List<MovieLensData.Rating> rows = rows(items);
        MovieLensSplit.GroupBy by = byItem ? MovieLensSplit.GroupBy.ITEM : MovieLensSplit.GroupBy.USER;

        MovieLensSplit.Split split = MovieLensSplit.stratified(rows, 0.75, 1, by, cut, seed);

        // every row exactly once (rows are distinct by timestamp), in input order
        List<MovieLensData.Rating> all = new ArrayList<>(split.train());
        all.addAll(split.test());
        assertThat(all).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(split.train()).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
        Map<Long, int[]> perGroup = new HashMap<>();
        for (MovieLensData.Rating r : rows) {
            perGroup.computeIfAbsent(byItem ? r.item() : r.user(), g -> new int[2])[0]++;
        }
        for (MovieLensData.Rating r : split.train()) {
            perGroup.get(byItem ? r.item() : r.user())[1]++;
        }
        // floor(3n/4), or 3n/4 rounded with halves to even (n = 2: 2, n = 6: 4, n = 10: 8)
        perGroup.values().forEach(c -> assertThat(c[1]).isEqualTo(cut == MovieLensSplit.Cut.FLOOR ? c[0] * 3 / 4
                : BigDecimal.valueOf(3L * c[0]).divide(BigDecimal.valueOf(4)).setScale(0, RoundingMode.HALF_EVEN)
                        .intValueExact()));
        // same seed, same split
        assertThat(MovieLensSplit.stratified(rows, 0.75, 1, by, cut, seed)).isEqualTo(split);
    }

    @Test
    void stratified_differentSeeds_drawDifferentRowsWithTheSameCounts() {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(1 + i % 4);
        }
        List<MovieLensData.Rating> rows = rows(items);

        MovieLensSplit.Split a = MovieLensSplit.stratified(rows, 0.75, 1, MovieLensSplit.GroupBy.ITEM,
                MovieLensSplit.Cut.FLOOR, 42);
        MovieLensSplit.Split b = MovieLensSplit.stratified(rows, 0.75, 1, MovieLensSplit.GroupBy.ITEM,
                MovieLensSplit.Cut.FLOOR, 43);

        assertThat(a.train()).hasSize(148).isNotEqualTo(b.train());
        assertThat(b.train()).hasSize(148);
        assertThat(a.test()).hasSize(52);
    }

    @Test
    void stratified_minRating_dropsSmallGroups() {
        List<MovieLensData.Rating> rows = rows(List.of(1, 1, 1, 1, 2));

        MovieLensSplit.Split split = MovieLensSplit.stratified(rows, 0.75, 2, MovieLensSplit.GroupBy.ITEM,
                MovieLensSplit.Cut.FLOOR, 42);

        assertThat(split.train()).hasSize(3).allMatch(r -> r.item() == 1);
        assertThat(split.test()).hasSize(1).allMatch(r -> r.item() == 1);
    }

    @Test
    void stratified_rounded_roundsHalvesToEvenAndKeepsSingleRowsInTrain() {
        // groups of 1, 2 and 6 rows: round(0.75) = 1, round(1.5) = 2, round(4.5) = 4
        List<MovieLensData.Rating> rows = rows(List.of(1, 2, 2, 3, 3, 3, 3, 3, 3));

        MovieLensSplit.Split split = MovieLensSplit.stratified(rows, 0.75, 1, MovieLensSplit.GroupBy.ITEM,
                MovieLensSplit.Cut.ROUNDED, 42);

        assertThat(split.train().stream().filter(r -> r.item() == 1)).hasSize(1);
        assertThat(split.train().stream().filter(r -> r.item() == 2)).hasSize(2);
        assertThat(split.train().stream().filter(r -> r.item() == 3)).hasSize(4);
        assertThat(split.test()).hasSize(2);
    }

    /** Ratings of the given items by users 1..5 in turn, one second apart. */
    private static List<MovieLensData.Rating> rows(List<Integer> items) {
        List<MovieLensData.Rating> rows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            rows.add(new MovieLensData.Rating(1 + i % 5, items.get(i), 1 + i % 5, Instant.ofEpochSecond(i)));
        }
        return rows;
    }
}

package org.custos.recsys.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToLongFunction;

/**
 * The stratified random split of Microsoft Recommenders ({@code python_stratified_split}): every row gets a
 * uniform random number drawn in file order from one seeded generator; within each group (the rows of one item,
 * or of one user) rows are ordered by that number, and the first {@link Cut} of them go to training, the rest to
 * test. Groups with fewer than {@code minRating} rows are dropped first. The draw is Java's
 * {@link SplittableRandom}, not NumPy's generator: the same protocol, a different random draw.
 */
public final class MovieLensSplit {

    /** Which rows are split together. */
    public enum GroupBy {
        ITEM(MovieLensData.Rating::item),
        USER(MovieLensData.Rating::user);

        private final ToLongFunction<MovieLensData.Rating> key;

        GroupBy(ToLongFunction<MovieLensData.Rating> key) {
            this.key = key;
        }
    }

    /** How many of a group's n rows go to training. */
    public enum Cut {
        /**
         * round(ratio * n), halves to even, as Python's {@code round}: the library's splitter until 2021, behind
         * the published MovieLens table (its SAR notebook reports 74,992 training ratings, split by user).
         */
        ROUNDED,
        /** floor(ratio * n) (rank / n &lt;= ratio): the library's current splitter; a group of one goes to test. */
        FLOOR;

        int train(double ratio, int n) {
            return this == ROUNDED ? (int) Math.rint(ratio * n) : (int) Math.floor(ratio * n + 1e-9);
        }
    }

    /** Training and test rows, each in the input's order. */
    public record Split(List<MovieLensData.Rating> train, List<MovieLensData.Rating> test) {
        public Split {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }

    private MovieLensSplit() {
    }

    public static Split stratified(List<MovieLensData.Rating> rows, double ratio, int minRating, GroupBy by,
                                   Cut cut, long seed) {
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("ratio must be in (0, 1), got " + ratio);
        }
        if (minRating < 1) {
            throw new IllegalArgumentException("minRating must be at least 1, got " + minRating);
        }
        Map<Long, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            groups.computeIfAbsent(by.key.applyAsLong(rows.get(i)), g -> new ArrayList<>()).add(i);
        }
        // one draw per row in input order, as np.random.rand(len(data)) does
        double[] draw = new double[rows.size()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < draw.length; i++) {
            draw[i] = random.nextDouble();
        }
        boolean[] inTrain = new boolean[rows.size()];
        boolean[] kept = new boolean[rows.size()];
        for (List<Integer> group : groups.values()) {
            if (group.size() < minRating) {
                continue;
            }
            group.sort(Comparator.<Integer>comparingDouble(i -> draw[i]).thenComparingInt(i -> i));
            int toTrain = cut.train(ratio, group.size());
            for (int rank = 0; rank < group.size(); rank++) {
                int row = group.get(rank);
                kept[row] = true;
                inTrain[row] = rank < toTrain;
            }
        }
        List<MovieLensData.Rating> train = new ArrayList<>();
        List<MovieLensData.Rating> test = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (kept[i]) {
                (inTrain[i] ? train : test).add(rows.get(i));
            }
        }
        return new Split(train, test);
    }
}

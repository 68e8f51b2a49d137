package org.custos.gateway;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * {@code aggregate-metrics}: daily active users ({@code dau}) and watch time ({@code watch_time_s}) per day, and
 * optionally per region and age band, from the users' protected activity, released with differential privacy.
 *
 * <p>The mechanism, for a call spending ε (the declaration's {@code epsilonPerCall}):
 * <ol>
 *   <li><b>Contribution bounding.</b> A cell is (day[, region][, age band]). Each user contributes to at most
 *       {@code L = maxContributionsPerUser} cells (a uniformly random subset if they were active on more days), adds
 *       1 to each cell's user count and at most {@code C = maxWatchSecondsPerUserDay} seconds to its watch time.
 *       Adding or removing one user therefore changes the counts by at most L in L1 norm, and the watch times by
 *       at most L·C.</li>
 *   <li><b>Noise.</b> Counts get discrete Laplace noise of scale L/ε₁, watch times of scale L·C/ε₂, where ε₁ = ε
 *       when only counts are asked for, and ε₁ = ⌊ε/2⌋, ε₂ = ε − ε₁ (in micro-units) otherwise; by sequential
 *       composition the release is ε-DP for the cells' values. Noise is drawn exactly ({@link DiscreteLaplace}).</li>
 *   <li><b>Threshold (partition selection).</b> Only cells with at least one real user are candidates, so which
 *       cells appear depends on the data. A cell is released only if its noisy user count reaches
 *       τ = max({@code minGroupSize}, {@link #releaseThreshold}(L, ε₁, δ)), which bounds by δ the probability that
 *       one user's data makes any cell appear: the release is (ε, δ)-DP. Negative noisy watch times are reported as
 *       0 (post-processing).</li>
 * </ol>
 */
final class AggregateMetricsFlow implements EgressFlow {
    private static final long MICRO = 1_000_000L;

    private final ActivitySource activity;
    private final DiscreteLaplace noise;
    private final RandomGenerator random;

    AggregateMetricsFlow(ActivitySource activity, RandomGenerator random) {
        this.activity = activity;
        this.random = random;
        this.noise = new DiscreteLaplace(random);
    }

    private record Cell(LocalDate day, String region, String ageBand) {
    }

    /** The dates are checked here and published only as commitments: a chosen date may be someone's birth date. */
    @Override
    public Map<String, Object> parameters(FlowRequest request, FlowDeclaration declaration) {
        request.allowOnly(Set.of("from", "to"));
        days(request, declaration);
        return Map.of("from", request.dateParameter("from"), "to", request.dateParameter("to"));
    }

    @Override
    public long days(FlowRequest request, FlowDeclaration declaration) {
        LocalDate from = request.dateParameter("from");
        LocalDate to = request.dateParameter("to");
        if (to.isBefore(from)) {
            throw Refusal.INVALID_REQUEST.because("\"to\" is before \"from\"");
        }
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    @Override
    public Output run(FlowDeclaration declaration, FlowRequest request, String recipient) {
        request.allowOnly(Set.of("from", "to"));
        long days = days(request, declaration);
        if (days > declaration.maxDays()) {
            throw Refusal.INVALID_REQUEST.because("the range covers " + days + " days; this flow allows at most "
                    + declaration.maxDays());
        }
        List<String> fields = request.fields();
        if (!fields.contains("day")) {
            throw Refusal.INVALID_REQUEST.because("aggregate-metrics is always by day: request \"day\"");
        }
        boolean byRegion = fields.contains("region");
        boolean byAge = fields.contains("age_band");
        boolean wantUsers = fields.contains("dau");
        boolean wantWatch = fields.contains("watch_time_s");
        if (!wantUsers && !wantWatch) {
            throw Refusal.INVALID_REQUEST.because("request at least one measure: dau or watch_time_s");
        }
        LocalDate from = request.dateParameter("from");
        LocalDate to = request.dateParameter("to");
        int bound = declaration.maxContributionsPerUser();
        long cap = declaration.maxWatchSecondsPerUserDay();

        Map<Cell, long[]> cells = new HashMap<>();
        long rowsRead = activity.scan(from, to, user -> {
            List<Map.Entry<LocalDate, Long>> active = new ArrayList<>();
            user.watchMsByDay().forEach((day, ms) -> {
                if (!day.isBefore(from) && !day.isAfter(to)) {
                    active.add(Map.entry(day, ms));
                }
            });
            for (Map.Entry<LocalDate, Long> contribution : bounded(active, bound)) {
                LocalDate day = contribution.getKey();
                Cell cell = new Cell(day, byRegion ? user.region() : "",
                        byAge ? AgeBand.of(user.birthDate(), day) : "");
                long[] sums = cells.computeIfAbsent(cell, c -> new long[2]);
                sums[0] += 1;
                sums[1] += Math.min(contribution.getValue() / 1000, cap);
            }
        });

        long epsilon = declaration.epsilonPerCall().micro();
        long epsilonUsers = wantWatch ? epsilon / 2 : epsilon;
        long epsilonWatch = epsilon - epsilonUsers;
        long threshold = Math.max(declaration.minGroupSize(), releaseThreshold(bound, epsilonUsers,
                declaration.delta()));
        List<Cell> order = new ArrayList<>(cells.keySet());
        order.sort(Comparator.comparing(Cell::day).thenComparing(Cell::region).thenComparing(Cell::ageBand));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Cell cell : order) {
            long[] sums = cells.get(cell);
            long users = sums[0] + noise.sample(bound * MICRO, epsilonUsers);
            // Noise is drawn for every cell, released or not, so suppression does not change the draws' count.
            long watch = wantWatch ? sums[1] + noise.sample(Math.multiplyExact(bound * cap, MICRO), epsilonWatch) : 0;
            if (users < threshold) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (String field : fields) {
                switch (field) {
                    case "day" -> row.put(field, cell.day().toString());
                    case "region" -> row.put(field, cell.region());
                    case "age_band" -> row.put(field, cell.ageBand());
                    case "dau" -> row.put(field, users);
                    case "watch_time_s" -> row.put(field, Math.max(0, watch));
                    default -> { }
                }
            }
            rows.add(row);
            if (rows.size() == declaration.maxRows()) {
                break;
            }
        }
        return new Output(rows, Optional.empty(), rowsRead, declaration.epsilonPerCall());
    }

    /**
     * The smallest noisy count τ at which a cell may be released so that one user, who can create at most L cells of
     * count 1 on their own, makes any of them appear with probability at most δ. With noise DLap(L/ε₁) and
     * a = exp(−ε₁/L), P[1 + noise ≥ τ] = a^(τ−1)/(1+a), so the union over L cells is at most δ when
     * τ ≥ 1 + (L/ε₁)·ln(L / (δ(1+a))). Computed in floating point from public parameters only (no data), rounded up.
     *
     * @param epsilonMicro ε₁, the budget of the counts, in micro-ε
     */
    static long releaseThreshold(int bound, long epsilonMicro, double delta) {
        double scale = bound * (double) MICRO / epsilonMicro;
        double a = Math.exp(-1 / scale);
        return 1 + (long) Math.ceil(scale * Math.log(bound / (delta * (1 + a))));
    }

    /** At most {@code bound} of {@code active}, chosen uniformly (partial Fisher-Yates) when there are more. */
    private List<Map.Entry<LocalDate, Long>> bounded(List<Map.Entry<LocalDate, Long>> active, int bound) {
        if (active.size() <= bound) {
            return active;
        }
        for (int i = 0; i < bound; i++) {
            int j = i + random.nextInt(active.size() - i);
            var swap = active.get(i);
            active.set(i, active.get(j));
            active.set(j, swap);
        }
        return active.subList(0, bound);
    }
}

package org.custos.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The aggregate mechanism without a database: contribution bounding and the release threshold. */
class AggregateMetricsFlowTest {

    private static FlowDeclaration declaration(String epsilon, int contributions, String delta, int minGroupSize) {
        String text = PolicyBundle.bundled().files().get("aggregate-metrics.flow.json")
                .replace("\"epsilonPerCall\": \"1\"", "\"epsilonPerCall\": \"" + epsilon + "\"")
                .replace("\"maxContributionsPerUser\": 7", "\"maxContributionsPerUser\": " + contributions)
                .replace("\"delta\": \"0.000001\"", "\"delta\": \"" + delta + "\"")
                .replace("\"minGroupSize\": 20", "\"minGroupSize\": " + minGroupSize);
        TreeMap<String, String> files = new TreeMap<>(PolicyBundle.bundled().files());
        files.put("aggregate-metrics.flow.json", text);
        return ActivePolicy.of(new PolicyBundle(files)).flow("aggregate-metrics").orElseThrow();
    }

    private static FlowRequest request(String fields, String from, String to) {
        return FlowRequest.parse(("{\"fields\":[" + fields + "],\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void releaseThreshold_boundsTheChanceThatOneUserRevealsACell() {
        for (int bound : new int[] {1, 7, 31}) {
            for (long epsilonMicro : new long[] {100_000, 500_000, 2_000_000}) {
                for (double delta : new double[] {1e-3, 1e-6, 1e-9}) {
                    long tau = AggregateMetricsFlow.releaseThreshold(bound, epsilonMicro, delta);
                    double a = Math.exp(-epsilonMicro / 1e6 / bound);
                    // L cells of count 1, each released when 1 + noise >= tau.
                    assertThat(bound * Math.pow(a, tau - 1) / (1 + a)).isLessThanOrEqualTo(delta);
                    assertThat(bound * Math.pow(a, tau - 2) / (1 + a)).isGreaterThan(delta * 0.999);
                }
            }
        }
        // The bundled flow: L = 7, ε₁ = 0.5, δ = 10⁻⁶.
        assertThat(AggregateMetricsFlow.releaseThreshold(7, 500_000, 1e-6)).isBetween(200L, 220L);
    }

    @Test
    void run_heavyUsers_contributeAtMostTheirBoundOfCells() {
        List<UserActivity> users = new ArrayList<>();
        LocalDate first = LocalDate.parse("2026-01-01");
        for (int u = 0; u < 50; u++) {
            Map<LocalDate, Long> days = new TreeMap<>();
            for (int d = 0; d < 20; d++) {
                days.put(first.plusDays(d), 3_600_000L);
            }
            users.add(new UserActivity(LocalDate.of(1990, 1, 1), "DE", days));
        }
        // ε so large that the noise is (almost surely) zero: the sums show the bounding itself.
        AggregateMetricsFlow flow = new AggregateMetricsFlow((from, to, sink) -> {
            users.forEach(sink);
            return users.size();
        }, new SplittableRandom(9));
        EgressFlow.Output output = flow.run(declaration("100000", 7, "0.001", 1),
                request("\"day\",\"dau\"", "2026-01-01", "2026-01-20"), "owner-analytics");
        long contributions = output.rows().stream().mapToLong(r -> (Long) r.get("dau")).sum();
        assertThat(contributions).isEqualTo(50L * 7);
        assertThat(output.rows()).allSatisfy(r -> assertThat(r).containsOnlyKeys("day", "dau"));
    }

    @Test
    void run_defaultPolicy_suppressesCellsOfTensOfUsers() {
        List<UserActivity> users = new ArrayList<>();
        for (int u = 0; u < 50; u++) {
            users.add(new UserActivity(LocalDate.of(2000, 1, 1), "DE", Map.of(LocalDate.parse("2026-01-01"), 60_000L)));
        }
        AggregateMetricsFlow flow = new AggregateMetricsFlow((from, to, sink) -> {
            users.forEach(sink);
            return users.size();
        }, new SplittableRandom(4));
        EgressFlow.Output output = flow.run(declaration("1", 7, "0.000001", 20),
                request("\"day\",\"dau\"", "2026-01-01", "2026-01-01"), "owner-analytics");
        // Counts only, so ε₁ = 1 and τ is about 107 (noise scale 7): 50 users stay hidden.
        assertThat(AggregateMetricsFlow.releaseThreshold(7, 1_000_000, 1e-6)).isBetween(100L, 115L);
        assertThat(output.rows()).isEmpty();
        assertThat(output.epsilon()).isEqualTo(Epsilon.parse("1"));
    }
}

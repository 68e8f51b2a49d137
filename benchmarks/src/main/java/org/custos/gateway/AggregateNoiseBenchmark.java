package org.custos.gateway;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's own share of an {@code aggregate-metrics} call over a KuaiRand-size population held in memory
 * (27,000 users, about 1.4 million watch events over 30 days, the same distribution as
 * {@link AggregateFlowBenchmark}): contribution bounding, sums per day × region × age band, exact noise for every
 * cell, thresholds. No database and no decryption.
 *
 * <pre>
 * mvn -B -q -pl benchmarks package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar 'gateway.AggregateNoiseBenchmark' -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class AggregateNoiseBenchmark {
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-01");
    private static final int DAYS = 30;
    private static final String[] REGIONS = {"DE", "FR", "IT", "ES", "PL", "NL", "SE", "AT"};

    @Param("27000")
    int users;

    @Param("52")
    int eventsPerUser;

    private List<UserActivity> activity;
    private FlowDeclaration declaration;
    private FlowRequest request;
    private AggregateMetricsFlow flow;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(2026);
        activity = new ArrayList<>(users);
        long events = 0;
        for (int u = 0; u < users; u++) {
            int n = random.nextInt(2 * eventsPerUser + 1);
            events += n;
            Map<LocalDate, Long> days = new TreeMap<>();
            for (int e = 0; e < n; e++) {
                days.merge(FIRST_DAY.plusDays(random.nextInt(DAYS)), random.nextLong(60_000), Long::sum);
            }
            if (!days.isEmpty()) {
                activity.add(new UserActivity(LocalDate.of(1960 + random.nextInt(48), 1 + random.nextInt(12),
                        1 + random.nextInt(28)), REGIONS[random.nextInt(REGIONS.length)], days));
            }
        }
        declaration = ActivePolicy.of(PolicyBundle.bundled()).flow("aggregate-metrics").orElseThrow();
        request = FlowRequest.parse(("{\"fields\":[\"day\",\"region\",\"age_band\",\"dau\",\"watch_time_s\"],"
                + "\"from\":\"" + FIRST_DAY + "\",\"to\":\"" + FIRST_DAY.plusDays(DAYS - 1) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        long total = events;
        flow = new AggregateMetricsFlow((from, to, sink) -> {
            activity.forEach(sink);
            return activity.size() + total;
        }, new SecureRandom());
    }

    @Benchmark
    public EgressFlow.Output aggregate() {
        return flow.run(declaration, request, "owner-analytics");
    }
}

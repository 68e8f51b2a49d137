package org.custos.gateway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.custos.app.accounts.ImportedAccounts;
import org.custos.app.egress.ActivityScan;
import org.custos.app.videos.ImportedContent;
import org.custos.app.videos.LocalDirectoryBlobStore;
import org.custos.vault.Migrations;
import org.custos.vault.Secret;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code aggregate-metrics} flow over a KuaiRand-size population (27,000 users, about 1.4 million watch events
 * over 30 days), generated through the app's own import paths so that every birth date, region and watch event is
 * sealed under its user's data key exactly as in production.
 *
 * <p>{@code overDatabase} is one whole call as the gateway runs it: the app's {@link ActivityScan} reads every user
 * and their events from PostgreSQL, opens them through the vault as a service (one accounted read per user and
 * column), and the flow bounds contributions, sums, adds noise and thresholds. {@link AggregateNoiseBenchmark}
 * measures the gateway's part alone.
 *
 * <p>Generating the population takes minutes; run with few iterations:
 *
 * <pre>
 * mvn -B -q -pl benchmarks package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar 'gateway.AggregateFlowBenchmark' -f 1 -wi 1 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class AggregateFlowBenchmark {
    private static final Logger LOG = Logger.getLogger(AggregateFlowBenchmark.class.getName());
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-01-01");
    private static final int DAYS = 30;
    private static final String[] REGIONS = {"DE", "FR", "IT", "ES", "PL", "NL", "SE", "AT"};

    @Param("27000")
    int users;

    /** Average watch events per user: 52 gives about 1.4 million for 27,000 users. */
    @Param("52")
    int eventsPerUser;

    private EmbeddedPostgres postgres;
    private HikariDataSource db;
    private Vault vault;
    private FlowDeclaration declaration;
    private FlowRequest request;
    private ActivityScan scan;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(4);
        db = new HikariDataSource(config);
        Path dir = Files.createTempDirectory("custos-aggregate-bench");
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        vault = Vault.open(VaultSettings.local(dir.resolve("keys"), Secret.of(master)), db, Clock.systemUTC());
        Migrations.apply(db, "app");
        populate(dir.resolve("blobs"));
        declaration = ActivePolicy.of(PolicyBundle.bundled()).flow("aggregate-metrics").orElseThrow();
        request = FlowRequest.parse(("{\"fields\":[\"day\",\"region\",\"age_band\",\"dau\",\"watch_time_s\"],"
                + "\"from\":\"" + FIRST_DAY + "\",\"to\":\"" + FIRST_DAY.plusDays(DAYS - 1) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        scan = new ActivityScan(db, vault);
    }

    private void populate(Path blobs) throws IOException {
        SplittableRandom random = new SplittableRandom(2026);
        ImportedAccounts accounts = ImportedAccounts.create(db, vault, new SecureRandom());
        ImportedContent content = ImportedContent.create(db, vault, new LocalDirectoryBlobStore(blobs));
        Instant start = FIRST_DAY.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        long[] ids = new long[users];
        for (int u = 0; u < users; u++) {
            ids[u] = accounts.ensure("bench_user_" + u, "Bench " + u, "bench" + u + "@example.org",
                    LocalDate.of(1960 + random.nextInt(48), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                    REGIONS[random.nextInt(REGIONS.length)], start).id();
        }
        long[] videos = new long[1000];
        for (int v = 0; v < videos.length; v++) {
            videos[v] = content.addVideo("bench", "video%06d".formatted(v), ids[v % users], "clip " + v,
                    List.of("bench"), 15_000, start);
        }
        long events = 0;
        for (int u = 0; u < users; u++) {
            int n = random.nextInt(2 * eventsPerUser + 1);
            List<ImportedContent.ImportedWatch> batch = new ArrayList<>(n);
            for (int e = 0; e < n; e++) {
                Instant at = start.plusSeconds(random.nextLong(DAYS * 86_400L));
                batch.add(new ImportedContent.ImportedWatch(UUID.randomUUID(), videos[random.nextInt(videos.length)],
                        random.nextLong(60_000), false, false, false, at));
            }
            events += content.addWatches(ids[u], batch, start);
        }
        long total = events;
        LOG.info(() -> "generated " + users + " users and " + total + " watch events");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        vault.close();
        db.close();
        postgres.close();
    }

    @Benchmark
    public EgressFlow.Output overDatabase() {
        AggregateMetricsFlow flow = new AggregateMetricsFlow((from, to, sink) -> scan.scan(from, to,
                d -> sink.accept(new UserActivity(d.birthDate(), d.region(), d.watchMsByDay()))), new SecureRandom());
        return flow.run(declaration, request, "owner-analytics");
    }
}

package org.custos.gateway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's per-decision costs: a Cedar decision on the bundled policy set (parsed once, as the gateway keeps
 * it), evaluated by the native engine and remembered as the gateway does for a repeated request; a pseudonym (the
 * vault's egress PRF on the local key service); and one exact discrete Laplace draw from {@link SecureRandom} at the
 * aggregate flow's two scales.
 *
 * <p>In package {@code org.custos.gateway} so that it measures the package-private parts themselves, not an HTTP
 * round trip. Run (short settings, as in docs/benchmarks/gateway.md):
 *
 * <pre>
 * mvn -B -q -pl benchmarks package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar 'gateway.GatewayBenchmark' -f 1 -wi 2 -w 2s -i 3 -r 3s -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class GatewayBenchmark {
    private static final List<String> SYNC_FIELDS = List.of("video_id", "author_handle", "caption", "created_at");
    private static final List<String> TS_FIELDS = List.of("video_id", "likes", "likers");

    private EmbeddedPostgres postgres;
    private HikariDataSource db;
    private Vault vault;
    private CedarPolicies cedar;
    private Pseudonymiser pseudonyms;
    private DiscreteLaplace noise;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        cedar = ActivePolicy.of(PolicyBundle.bundled()).cedar();
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(2);
        db = new HikariDataSource(config);
        Path keys = Files.createTempDirectory("custos-gateway-bench");
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        vault = Vault.open(VaultSettings.local(keys, Secret.of(master)), db, Clock.systemUTC());
        pseudonyms = new Pseudonymiser(vault);
        noise = new DiscreteLaplace(new SecureRandom());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        vault.close();
        db.close();
        postgres.close();
    }

    /** A permitted request evaluated by the native engine: one permit matches, the forbid does not. */
    @Benchmark
    public boolean cedarPermit() {
        return cedar.evaluate("owner-sync", "public-content", "public-videos", SYNC_FIELDS, 0);
    }

    /** A denied request evaluated by the native engine: the forbid on likers outside trust and safety matches. */
    @Benchmark
    public boolean cedarDenyByForbid() {
        return cedar.evaluate("owner-sync", "public-content", "public-videos", TS_FIELDS, 0);
    }

    /** What the gateway pays for a request it has decided before under the same policy version. */
    @Benchmark
    public boolean cedarPermitRemembered() {
        return cedar.permits("owner-sync", "public-content", "public-videos", SYNC_FIELDS, 0);
    }

    @Benchmark
    public String pseudonymise() {
        return pseudonyms.value("owner-trust-safety", 1, "likers",
                Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** One draw at scale L·C/ε₂ = 7 · 7200 s / 0.25 (the bundled aggregate flow's watch time). */
    @Benchmark
    public long discreteLaplaceWatchTime() {
        return noise.sample(7L * 7200 * 1_000_000, 250_000);
    }

    /** One draw at scale L/ε₁ = 7 / 0.25 (the bundled aggregate flow's user counts). */
    @Benchmark
    public long discreteLaplaceCount() {
        return noise.sample(7L * 1_000_000, 250_000);
    }
}

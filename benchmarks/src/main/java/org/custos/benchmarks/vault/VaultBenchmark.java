package org.custos.benchmarks.vault;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.custos.vault.Secret;
import org.custos.vault.SubjectId;
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
 * The vault's per-value costs on the local key service with a real (embedded) PostgreSQL: sealing and opening with
 * the data key cached (the steady state), opening when the key must be fetched from the key store and unwrapped
 * (a cold cache), an audited read (one outbox commit), and the keyed hashes.
 *
 * <p>Run (short settings, as in docs/vault.md):
 *
 * <pre>
 * mvn -B -q -pl benchmarks package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar 'vault.VaultBenchmark' -f 1 -wi 2 -w 2s -i 3 -r 3s -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class VaultBenchmark {
    private static final Column EMAIL = Column.of("bench_people.email");
    private static final AccessContext SUPPORT =
            new AccessContext(Principal.operator("bench"), new Purpose("support.bench"));

    /** Subjects with a data key; the steady-state cache holds all of them. */
    @Param("10000")
    int subjects;

    private EmbeddedPostgres postgres;
    private HikariDataSource db;
    private Path keys;
    private Vault warm;
    private Vault cold;
    private byte[][] sealed;
    private final byte[] plaintext = "someone.with.a.long.name@example.org".getBytes();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(4);
        db = new HikariDataSource(config);
        keys = Files.createTempDirectory("custos-vault-bench");
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        VaultSettings.Local settings = VaultSettings.local(keys, Secret.of(master));
        warm = Vault.open(settings, db, Clock.systemUTC());
        // Capacity 1: nearly every open fetches and unwraps the key, the cost of a cache miss.
        cold = Vault.open(settings.withDataKeyCacheCapacity(1), db, Clock.systemUTC());
        sealed = new byte[subjects][];
        for (int i = 0; i < subjects; i++) {
            sealed[i] = warm.seal(new SubjectId(i + 1), EMAIL, plaintext);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        warm.close();
        cold.close();
        db.close();
        postgres.close();
    }

    private static int pick(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    @Benchmark
    public byte[] sealCachedKey() {
        return warm.seal(new SubjectId(pick(subjects) + 1), EMAIL, plaintext);
    }

    @Benchmark
    public byte[] openSelfCachedKey() {
        int i = pick(subjects);
        SubjectId subject = new SubjectId(i + 1);
        return warm.open(AccessContext.self(subject), subject, EMAIL, sealed[i]);
    }

    @Benchmark
    public byte[] openSelfKeyFromStore() {
        int i = pick(subjects);
        SubjectId subject = new SubjectId(i + 1);
        return cold.open(AccessContext.self(subject), subject, EMAIL, sealed[i]);
    }

    @Benchmark
    public byte[] openAuditedCachedKey() {
        int i = pick(subjects);
        return warm.open(SUPPORT, new SubjectId(i + 1), EMAIL, sealed[i]);
    }

    @Benchmark
    public byte[] blindIndex() {
        return warm.blindIndex(EMAIL, "user" + pick(subjects) + "@example.org");
    }

    @Benchmark
    public String pseudonym() {
        return warm.pseudonym(new SubjectId(pick(subjects) + 1));
    }
}

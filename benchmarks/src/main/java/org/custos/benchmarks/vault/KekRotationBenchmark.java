package org.custos.benchmarks.vault;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.custos.vault.Column;
import org.custos.vault.KekRotation;
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
 * One full KEK rotation of {@code keys} data keys (local key service, embedded PostgreSQL): the time to divide
 * by the number of keys for a rewrap rate. Each measured rotation starts from keys all under the previous version.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'vault.KekRotationBenchmark' -f 1 -wi 1 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class KekRotationBenchmark {
    @Param("20000")
    int keys;

    private EmbeddedPostgres postgres;
    private HikariDataSource db;
    private Vault vault;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(4);
        db = new HikariDataSource(config);
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        vault = Vault.open(VaultSettings.local(Files.createTempDirectory("custos-rotation-bench"), Secret.of(master)),
                db, Clock.systemUTC());
        Column column = Column.of("bench_people.name");
        for (int i = 1; i <= keys; i++) {
            vault.seal(new SubjectId(i), column, new byte[] {1});
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        vault.close();
        db.close();
        postgres.close();
    }

    @Benchmark
    public KekRotation rotate() {
        KekRotation rotation = vault.rotateKeyEncryptionKey(done -> { });
        if (rotation.rewrapped() != keys) {
            throw new IllegalStateException("rewrapped " + rotation.rewrapped() + " of " + keys);
        }
        return rotation;
    }
}

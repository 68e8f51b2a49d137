package org.custos.app.population;

import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.custos.app.videos.LocalDirectoryBlobStore;
import org.custos.vault.DataClassCatalog;
import org.custos.vault.Migrations;
import org.custos.vault.Secret;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KuaiRand import on real parts: the bundled sample, embedded PostgreSQL, a local-keyset vault. */
class PopulationImportIT {
    private static HikariDataSource dataSource;
    private static Vault vault;
    private static PopulationImport populationImport;
    private static Path sample;

    @BeforeAll
    static void start(@TempDir Path keys) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(TestDatabases.fresh("app"));
        pool.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(pool);
        Migrations.apply(dataSource, "vault");
        Migrations.apply(dataSource, "app");
        DataClassCatalog.load("vault", "app").verify(dataSource);
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        Clock clock = Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
        vault = Vault.open(VaultSettings.local(keys, Secret.of(master)), dataSource, clock);
        populationImport = PopulationImport.create(dataSource, vault,
                new LocalDirectoryBlobStore(Files.createDirectories(keys.resolve("blobs"))), clock, new SecureRandom());
        sample = sampleDirectory();
    }

    @AfterAll
    static void stop() {
        dataSource.close();
    }

    static Path sampleDirectory() throws URISyntaxException {
        return Path.of(PopulationImportIT.class.getResource("/kuairand-sample/user_features_pure.csv").toURI())
                .getParent();
    }

    @Test
    void importKuaiRand_sampleTwice_loadsOnceAndSealsProtectedFields() throws Exception {
        AtomicLong lastEvents = new AtomicLong();
        PopulationImport.Summary first = populationImport.importKuaiRand(sample, 5, (phase, done, total) -> {
            if (phase.equals("events")) {
                lastEvents.set(done);
            }
        });

        assertThat(first.usersCreated()).isEqualTo(5);
        assertThat(first.videosCreated()).isPositive();
        assertThat(first.eventsAdded()).isEqualTo(125).isEqualTo(lastEvents.get());
        assertThat(count("SELECT count(*) FROM app_users WHERE handle LIKE 'kr\\_%'")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM app_videos")).isEqualTo(first.videosCreated());
        assertThat(count("SELECT count(*) FROM app_watch_events")).isEqualTo(125);
        assertThat(count("SELECT coalesce(sum(views), 0) FROM app_video_counters")).isEqualTo(125);

        PopulationImport.Summary again = populationImport.importKuaiRand(sample, 5, PopulationImport.Progress.NONE);

        assertThat(again.usersCreated()).isZero();
        assertThat(again.usersExisting()).isEqualTo(5);
        assertThat(again.videosCreated()).isZero();
        assertThat(again.eventsAdded()).isZero();
        assertThat(count("SELECT count(*) FROM app_watch_events")).isEqualTo(125);
        assertThat(count("SELECT count(*) FROM app_videos")).isEqualTo(first.videosCreated());

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT email, region FROM app_users WHERE handle LIKE 'kr\\_%'")) {
            while (rs.next()) {
                assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).doesNotContain("kuairand");
                assertThat(new String(rs.getBytes(2), StandardCharsets.ISO_8859_1)).doesNotContain("CN");
            }
        }
    }

    @Test
    void importKuaiRand_missingFiles_failsNamingTheFileAndWritesNothing(@TempDir Path empty) throws Exception {
        long before = count("SELECT count(*) FROM app_users");
        Files.writeString(empty.resolve("video_features_basic_pure.csv"), "video_id\n");

        assertThatThrownBy(() -> populationImport.importKuaiRand(empty, 5, PopulationImport.Progress.NONE))
                .isInstanceOf(KuaiRandFormatException.class)
                .hasMessageContaining("user_features_pure.csv");
        assertThat(count("SELECT count(*) FROM app_users")).isEqualTo(before);
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

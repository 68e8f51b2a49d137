package org.custos.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.custos.testing.TestDatabases;
import org.custos.vault.Migrations;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V5 makes shares once per user per video on a database that already holds repeat shares: they fold into the
 * first, and the counter is recounted so that it still equals its rows.
 */
class SharesMigrationIT {

    @Test
    void v5_foldsRepeatSharesIntoTheFirst_andRecountsTheCounter() throws Exception {
        try (HikariDataSource db = TestDatabases.fresh("shares")) {
            Migrations.apply(db, "vault");
            // The app's schema as it was before V5, as Migrations.apply would have left it.
            Flyway.configure(Migrations.class.getClassLoader()).dataSource(db).locations("classpath:db/app")
                    .table("flyway_history_app").schemas("public").defaultSchema("public").createSchemas(false)
                    .baselineOnMigrate(true).baselineVersion("0").target("4").load().migrate();
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("""
                        INSERT INTO app_users (id, handle, display_name, email, email_index, birth_date, region,
                                               password_hash, created_at, updated_at)
                        VALUES (1, 'author', 'Author', '\\x01', '\\x01', '\\x01', '\\x01', 'x', now(), now())""");
                s.executeUpdate("""
                        INSERT INTO app_videos (id, author_id, visibility, caption, hashtags, duration_ms, media_type,
                                                media_bytes, media_key, blob_key, created_at)
                        VALUES (7, 1, 'public', '', '{}', 1000, 'video/mp4', 10, '\\x01', 'b7', now())""");
                s.executeUpdate("INSERT INTO app_video_counters (video_id, shares) VALUES (7, 4)");
                s.executeUpdate("""
                        INSERT INTO app_shares (video_id, sharer_index, sharer, created_at)
                        VALUES (7, '\\xaa', '\\x01', now()), (7, '\\xaa', '\\x02', now()), (7, '\\xaa', '\\x03', now()),
                               (7, '\\xbb', '\\x04', now())""");
            }

            assertThat(Migrations.apply(db, "app")).isEqualTo(1);

            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT sharer_index, sharer FROM app_shares WHERE video_id = 7 ORDER BY id")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1)).containsExactly(0xaa);
                    assertThat(rs.getBytes(2)).as("the first share is the one kept").containsExactly(0x01);
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1)).containsExactly(0xbb);
                    assertThat(rs.next()).isFalse();
                }
                try (ResultSet rs = s.executeQuery("SELECT shares FROM app_video_counters WHERE video_id = 7")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(2);
                }
            }
        }
    }
}

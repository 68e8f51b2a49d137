package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import org.custos.server.postgres.Postgres;
import org.custos.vault.UnclassifiedColumnException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnclassifiedColumnIT {

    @TempDir
    Path dataDir;

    @Test
    void start_columnsWithoutDataClass_refusesNamingEachColumnAndReleasesEverything() throws Exception {
        ServerConfig config = TestInstances.config(dataDir);
        CustosServer.start(config, Clock.systemUTC()).close();
        execute(config, "ALTER TABLE app_users ADD COLUMN shoe_size integer",
                "CREATE TABLE scratch_notes (id bigint PRIMARY KEY, body text)");

        assertThatThrownBy(() -> CustosServer.start(config, Clock.systemUTC()))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("classify columns")
                .hasMessageContaining("app_users.shoe_size")
                .hasMessageContaining("scratch_notes.body")
                .hasMessageContaining("scratch_notes.id")
                .hasCauseInstanceOf(UnclassifiedColumnException.class)
                .satisfies(e -> assertThat(((StartupException) e).step()).isEqualTo("classify columns"));

        // The refused start released everything: PostgreSQL is stopped and the directory can be claimed again.
        assertThat(Files.exists(dataDir.resolve("pg/postmaster.pid"))).isFalse();
        try (Postgres again = Postgres.forServer(config)) {
            assertThat(again.description()).contains("embedded");
        }
    }

    private static void execute(ServerConfig config, String... ddl) throws Exception {
        try (Postgres postgres = Postgres.forServer(config);
                HikariDataSource pool = postgres.pool("scratch", 1, new SimpleMeterRegistry());
                Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            for (String statement : ddl) {
                s.execute(statement);
            }
        }
    }
}

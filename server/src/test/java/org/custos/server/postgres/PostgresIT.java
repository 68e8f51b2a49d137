package org.custos.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.custos.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresIT {

    @TempDir
    Path dataDir;

    @Test
    void forServer_emptyDataDirectory_createsDurableClusterThatKeepsDataAndPortAcrossRestarts() throws Exception {
        ServerConfig config = ServerConfig.embedded(dataDir, 0);
        int firstPort;
        try (Postgres pg = Postgres.forServer(config);
                HikariDataSource pool = pg.pool("test", 2, new SimpleMeterRegistry())) {
            assertThat(show(pool, "fsync")).isEqualTo("on");
            assertThat(show(pool, "synchronous_commit")).isEqualTo("on");
            assertThat(show(pool, "full_page_writes")).isEqualTo("on");
            execute(pool, "CREATE TABLE kept (v int)", "INSERT INTO kept VALUES (42)");
            firstPort = Integer.parseInt(Files.readString(dataDir.resolve("pg.port")));
        }

        try (Postgres pg = Postgres.forServer(config);
                HikariDataSource pool = pg.pool("test", 2, new SimpleMeterRegistry())) {
            assertThat(query(pool, "SELECT v FROM kept")).isEqualTo("42");
            assertThat(pg.description()).contains("localhost:" + firstPort);
        }
    }

    @Test
    void forServer_dataDirectoryHeldByAnotherServer_refusesNamingTheDirectory() {
        ServerConfig config = ServerConfig.embedded(dataDir, 0);
        try (Postgres first = Postgres.forServer(config)) {
            assertThatThrownBy(() -> Postgres.forServer(config))
                    .isInstanceOf(DataDirectoryInUseException.class)
                    .hasMessageContaining(dataDir.toString());
        }
    }

    @Test
    void forCommand_serverRunning_attachesToItsDatabase() throws Exception {
        ServerConfig config = ServerConfig.embedded(dataDir, 0);
        try (Postgres server = Postgres.forServer(config);
                HikariDataSource serverPool = server.pool("server", 2, new SimpleMeterRegistry())) {
            execute(serverPool, "CREATE TABLE shared (v int)", "INSERT INTO shared VALUES (7)");

            try (Postgres command = Postgres.forCommand(config);
                    HikariDataSource commandPool = command.pool("command", 1, new SimpleMeterRegistry())) {
                assertThat(command.attachedToRunningServer()).isTrue();
                assertThat(query(commandPool, "SELECT v FROM shared")).isEqualTo("7");
            }
            // The command must leave the server's database running.
            assertThat(query(serverPool, "SELECT count(*) FROM shared")).isEqualTo("1");
        }
    }

    @Test
    void forCommand_noServer_startsAndStopsItsOwnCluster() throws Exception {
        ServerConfig config = ServerConfig.embedded(dataDir, 0);
        try (Postgres command = Postgres.forCommand(config)) {
            assertThat(command.attachedToRunningServer()).isFalse();
        }
        assertThat(dataDir.resolve("pg/postmaster.pid")).doesNotExist();
    }

    static String show(HikariDataSource pool, String setting) throws SQLException {
        return query(pool, "SHOW " + setting);
    }

    static String query(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void execute(HikariDataSource pool, String... statements) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}

package org.custos.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (zonky embedded binaries) started once per test JVM, because starting it is the slow part; each
 * call of {@link #fresh} gets its own empty database, so test classes never see each other's rows.
 */
public final class TestDatabases {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                // Durability is the server's concern (it refuses fsync=off); these tests check logic and SQL, and
                // the machine is shared, so commits need not reach the disk. Zonky stops the server at JVM exit.
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        // test classes keep their pools open for the whole JVM
                        .setServerConfig("max_connections", "400")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
        return postgres;
    }

    /**
     * A pooled data source on a new, empty database named after {@code prefix}. Close it when done.
     *
     * @param prefix lower-case letters naming the caller, e.g. {@code vault}
     */
    public static HikariDataSource fresh(String prefix) {
        if (!prefix.matches("[a-z]{1,20}")) {
            throw new IllegalArgumentException("prefix must be 1-20 lower-case letters, got '" + prefix + "'");
        }
        String name = prefix + "_test_" + NEXT.incrementAndGet();
        try (Connection connection = server().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server().getJdbcUrl("postgres", name));
        config.setMaximumPoolSize(16);
        // idle connections are released so that many open pools stay within the server's connection limit
        config.setMinimumIdle(1);
        config.setIdleTimeout(10_000);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }
}

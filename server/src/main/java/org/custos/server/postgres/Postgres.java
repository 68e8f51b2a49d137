package org.custos.server.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.custos.server.DatabaseSettings;
import org.custos.server.ServerConfig;

/**
 * The boundary's PostgreSQL, however it is provided: the embedded cluster under the data directory
 * (started here, or already run by a live server on the same directory) or an external database.
 *
 * <p>Closing stops the embedded cluster when this object started it and releases the data directory.
 */
public final class Postgres implements AutoCloseable {

    /** The database the embedded cluster holds Custos in (created on first start). */
    static final String EMBEDDED_DATABASE = "custos";

    private final String jdbcUrl;
    private final String user;
    private final char[] password;
    private final String description;
    private final Optional<EmbeddedPostgres> embedded;
    private final Optional<DataDirectoryLock> lock;

    private Postgres(String jdbcUrl, String user, char[] password, String description,
            Optional<EmbeddedPostgres> embedded, Optional<DataDirectoryLock> lock) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.description = description;
        this.embedded = embedded;
        this.lock = lock;
    }

    /**
     * For the server: claims the data directory (failing with {@link DataDirectoryInUseException} when
     * another server has it) and starts the embedded cluster, or connects to the external database.
     */
    public static Postgres forServer(ServerConfig config) {
        DataDirectoryLock lock = DataDirectoryLock.tryAcquire(config.dataDir())
                .orElseThrow(() -> new DataDirectoryInUseException(config.dataDir()));
        try {
            return open(config, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * For a command run beside the server ({@code keys rotate}, {@code operators create}): when a server
     * holds the data directory, uses the database it runs (the embedded port is remembered in the data
     * directory); otherwise claims the directory and starts the cluster for the command's duration.
     */
    public static Postgres forCommand(ServerConfig config) {
        Optional<DataDirectoryLock> lock = DataDirectoryLock.tryAcquire(config.dataDir());
        if (lock.isPresent()) {
            try {
                return open(config, lock.get());
            } catch (RuntimeException e) {
                lock.get().close();
                throw e;
            }
        }
        if (config.database() instanceof DatabaseSettings.External) {
            return open(config, null);
        }
        int port = new RememberedPort(config.dataDir()).read().orElseThrow(() -> new IllegalStateException(
                "a server holds " + config.dataDir() + " but no PostgreSQL port is remembered there (pg.port)"));
        return new Postgres(embeddedUrl(port), "postgres", new char[0],
                "the running server's embedded PostgreSQL on localhost:" + port, Optional.empty(), Optional.empty());
    }

    private static Postgres open(ServerConfig config, DataDirectoryLock lock) {
        return switch (config.database()) {
            case DatabaseSettings.Embedded ignored -> {
                EmbeddedPostgres pg = EmbeddedCluster.start(config.dataDir());
                try {
                    createDatabaseIfAbsent(pg.getPort());
                } catch (SQLException e) {
                    closeQuietly(pg);
                    throw new IllegalStateException("cannot create the custos database in embedded PostgreSQL", e);
                }
                yield new Postgres(embeddedUrl(pg.getPort()), "postgres", new char[0],
                        "embedded PostgreSQL 18 on localhost:" + pg.getPort() + ", cluster in " + config.dataDir().resolve("pg"),
                        Optional.of(pg), Optional.ofNullable(lock));
            }
            case DatabaseSettings.External external -> new Postgres(
                    external.jdbcUrl(), external.user(), external.password().read(config.dataDir()),
                    "external PostgreSQL " + external.toString().replaceFirst("^External\\[jdbcUrl=([^,]*),.*", "$1"),
                    Optional.empty(), Optional.ofNullable(lock));
        };
    }

    private static String embeddedUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + EMBEDDED_DATABASE;
    }

    private static void createDatabaseIfAbsent(int port) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", props);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + EMBEDDED_DATABASE + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + EMBEDDED_DATABASE);
            }
        }
    }

    /**
     * A HikariCP pool on this database, reporting its metrics to {@code registry}. Fails when the
     * database is not durable (fsync or synchronous_commit off), since an acknowledged write must
     * survive a crash.
     */
    public HikariDataSource pool(String name, int size, MeterRegistry registry) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername(user);
        if (password.length > 0) {
            hikari.setPassword(new String(password));
        }
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(Math.min(2, size));
        hikari.setConnectionTimeout(10_000);
        hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            requireDurable(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    private static void requireDurable(HikariDataSource pool) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit"}) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    String value = rs.getString(1);
                    if ("off".equalsIgnoreCase(value)) {
                        throw new NotDurableException(setting);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query the database's durability settings", e);
        }
    }

    /** Where the database is, without credentials; safe to print. */
    public String description() {
        return description;
    }

    /** True when this object uses a database run by another process on the same data directory. */
    public boolean attachedToRunningServer() {
        return embedded.isEmpty() && lock.isEmpty();
    }

    @Override
    public void close() {
        embedded.ifPresent(Postgres::closeQuietly);
        lock.ifPresent(DataDirectoryLock::close);
        java.util.Arrays.fill(password, '\0');
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            // The cluster is stopped by pg_ctl; a failure here leaves it to the next start's orphan check.
        }
    }
}

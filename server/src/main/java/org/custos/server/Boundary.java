package org.custos.server;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.custos.server.postgres.Postgres;
import org.custos.vault.DataClassCatalog;
import org.custos.vault.Migrations;
import org.custos.vault.Secret;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;

/**
 * The boundary's storage, opened in the order that keeps it safe: a pool on the database, every module's
 * migrations, the check that every column has a data class (refusing to go on if one does not), then the
 * vault on its key service. Shared by the server and by the commands that work on the same data
 * ({@code operators create}, {@code keys rotate}).
 */
public final class Boundary implements AutoCloseable {

    /** Modules that own tables, in migration order (a module's tables may reference earlier ones'). */
    public static final List<String> MODULES = List.of("vault", "app", "audit", "lockbox", "gateway", "release",
            "engine");

    private final HikariDataSource pool;
    private final Vault vault;

    private Boundary(HikariDataSource pool, Vault vault) {
        this.pool = pool;
        this.vault = vault;
    }

    /** Opens the boundary on {@code postgres}, logging each step; a failure closes what was opened. */
    public static Boundary open(ServerConfig config, Postgres postgres, Clock clock, MeterRegistry registry) {
        return open(config, postgres, clock, registry, new StartupSteps());
    }

    static Boundary open(ServerConfig config, Postgres postgres, Clock clock, MeterRegistry registry,
            StartupSteps steps) {
        HikariDataSource pool = steps.run("connection pool",
                () -> postgres.pool("custos", config.database().poolSize(), registry));
        try {
            for (String module : MODULES) {
                steps.run("migrate " + module, () -> Migrations.apply(pool, module));
            }
            steps.run("classify columns", () -> DataClassCatalog.load(MODULES.toArray(String[]::new)).verify(pool));
            Vault vault = steps.run("open vault", () -> Vault.open(vaultSettings(config), pool, clock,
                    config.auditLog().serviceReadWindow()));
            return new Boundary(pool, vault);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    static VaultSettings vaultSettings(ServerConfig config) {
        return switch (config.keys()) {
            case KeySettings.Local local -> local.masterSecret() instanceof SecretSource.None
                    ? VaultSettings.local(config.resolve(local.keyDirectory()))
                    : VaultSettings.local(config.resolve(local.keyDirectory()),
                            secret(local.masterSecret().read(config.dataDir())));
            case KeySettings.Pkcs11 token -> VaultSettings.pkcs11(
                    config.resolve(token.configFile()), secret(token.pin().read(config.dataDir())),
                    token.kekLabelPrefix());
        };
    }

    /** Same encoding as the vault's secret files: UTF-8 text, or raw bytes given as {@code base64:...}. */
    private static Secret secret(char[] chars) {
        try {
            String text = new String(chars);
            if (text.startsWith("base64:")) {
                try {
                    return Secret.of(Base64.getDecoder().decode(text.substring("base64:".length())));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("master.secret", "the base64: value is not valid base64");
                }
            }
            return Secret.of(text.getBytes(StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /** The pooled data source every module shares. */
    public DataSource dataSource() {
        return pool;
    }

    public Vault vault() {
        return vault;
    }

    /** Is the database answering? For readiness; never throws. */
    boolean databaseAnswers() {
        try (var c = pool.getConnection()) {
            return c.isValid(1);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            vault.close();
        } finally {
            pool.close();
        }
    }
}

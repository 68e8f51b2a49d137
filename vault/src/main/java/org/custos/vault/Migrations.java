package org.custos.vault;

import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Schema migrations, one Flyway history per module so modules evolve independently in one database. A module's
 * scripts live at {@code classpath:db/<module>/V<n>__<what>.sql}; its tables are prefixed {@code <module>_}; its
 * data classes are declared beside the scripts in {@code db/<module>/data-classes.tsv} (see
 * {@link DataClassCatalog}).
 *
 * <p>Safe to call concurrently from several nodes (Flyway serialises on a PostgreSQL advisory lock) and repeatedly
 * (applied scripts are skipped; an edited applied script fails validation).
 */
public final class Migrations {
    private static final Pattern MODULE = Pattern.compile("[a-z][a-z0-9]{0,30}");

    private Migrations() {
    }

    /**
     * Applies the pending scripts of {@code module} to schema {@code public}, recording them in
     * {@code flyway_history_<module>}.
     *
     * @return the number of scripts applied by this call
     * @throws IllegalArgumentException if {@code module} is not a lower-case module name
     * @throws IllegalStateException if a script fails or an applied script was changed; the cause says which
     */
    public static int apply(DataSource dataSource, String module) {
        if (!MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException("module name must match " + MODULE.pattern() + ": " + module);
        }
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/" + module)
                .table("flyway_history_" + module)
                .schemas("public")
                .defaultSchema("public")
                .createSchemas(false)
                // Other modules' tables already live in public; each module's history starts from its own V1.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                .load();
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (FlywayException e) {
            throw new IllegalStateException("migrations of module " + module + " failed: " + e.getMessage(), e);
        }
    }
}

package org.custos.vault;

import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start-up gate against a real migrated schema: a column without a data class stops start-up. */
class DataClassCatalogIT {
    private HikariDataSource db;

    @BeforeEach
    void setUp() {
        db = TestDatabases.fresh("vault");
        assertThat(Migrations.apply(db, "vault")).isEqualTo(3);
        assertThat(Migrations.apply(db, "testmod")).isEqualTo(2);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void verify_everyColumnDeclared_passes() {
        DataClassCatalog catalog = DataClassCatalog.load("vault", "testmod");
        assertThatCode(() -> catalog.verify(db)).doesNotThrowAnyException();
        assertThat(catalog.classOf(Column.of("testmod_things.secret_note"))).isEqualTo(DataClass.PROTECTED);
        assertThat(catalog.classOf(Column.of("vault_data_keys.wrapped_key"))).isEqualTo(DataClass.EXCEPTED);
    }

    @Test
    void verify_columnWithoutClass_namesItAndStopsStartUp() throws SQLException {
        execute("ALTER TABLE testmod_things ADD COLUMN phone text");
        assertThatThrownBy(() -> DataClassCatalog.load("vault", "testmod").verify(db))
                .isInstanceOfSatisfying(UnclassifiedColumnException.class, e -> {
                    assertThat(e.unclassified()).containsExactly(Column.of("testmod_things.phone"));
                    assertThat(e.missing()).isEmpty();
                })
                .hasMessageContaining("testmod_things.phone");
    }

    @Test
    void verify_tableInKeySchemaWithoutClass_isCaught() throws SQLException {
        execute("CREATE TABLE vault_keys.vault_extra (note text)");
        assertThatThrownBy(() -> DataClassCatalog.load("vault", "testmod").verify(db))
                .isInstanceOf(UnclassifiedColumnException.class)
                .hasMessageContaining("vault_extra.note");
    }

    @Test
    void verify_moduleNotLoaded_allItsColumnsAreUnclassified() {
        assertThatThrownBy(() -> DataClassCatalog.load("vault").verify(db))
                .isInstanceOfSatisfying(UnclassifiedColumnException.class, e -> assertThat(e.unclassified())
                        .contains(Column.of("testmod_things.id"), Column.of("testmod_events.at"))
                        // partitions share their parent's declaration
                        .doesNotContain(Column.of("testmod_events_2026.at")));
    }

    @Test
    void verify_declaredColumnDropped_isReportedMissing() throws SQLException {
        execute("ALTER TABLE testmod_things DROP COLUMN secret_note");
        assertThatThrownBy(() -> DataClassCatalog.load("vault", "testmod").verify(db))
                .isInstanceOfSatisfying(UnclassifiedColumnException.class,
                        e -> assertThat(e.missing()).containsExactly(Column.of("testmod_things.secret_note")));
    }

    @Test
    void apply_again_runsNothing() {
        assertThat(Migrations.apply(db, "vault")).isZero();
        assertThat(Migrations.apply(db, "testmod")).isZero();
    }

    @Test
    void load_malformedDeclaration_namesFileAndLine() {
        assertThatThrownBy(() -> DataClassCatalog.load("testbroken"))
                .isInstanceOf(DataClassDeclarationException.class)
                .hasMessageContaining("db/testbroken/data-classes.tsv:2")
                .hasMessageContaining("SECRET");
    }

    @Test
    void load_moduleWithoutDeclarations_fails() {
        assertThatThrownBy(() -> DataClassCatalog.load("nosuchmodule"))
                .isInstanceOf(DataClassDeclarationException.class)
                .hasMessageContaining("db/nosuchmodule/data-classes.tsv");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

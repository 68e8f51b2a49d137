package org.custos.vault;

import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crypto-shredding, proved on raw rows: a copy of a user's rows taken before the shred (a data backup, which by
 * design never contains schema vault_keys) and restored into a fresh table afterwards cannot be decrypted, by this
 * node or by a node that starts with an empty cache.
 */
class CryptoShreddingIT {
    private static final Column EMAIL = Column.of("test_accounts.email");
    private static final Column PHONE = Column.of("test_accounts.phone");
    private static final SubjectId ALICE = new SubjectId(7);
    private static final SubjectId BOB = new SubjectId(8);

    @TempDir
    Path keys;

    private HikariDataSource db;
    private Vault vault;

    @BeforeEach
    void setUp() throws SQLException {
        db = TestDatabases.fresh("vault");
        vault = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.parse("2026-02-01T00:00:00Z")));
        execute("CREATE TABLE test_accounts (subject_id bigint PRIMARY KEY, email bytea NOT NULL, phone bytea NOT NULL)");
        for (SubjectId subject : List.of(ALICE, BOB)) {
            try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                    "INSERT INTO test_accounts VALUES (?, ?, ?)")) {
                s.setLong(1, subject.value());
                s.setBytes(2, vault.sealString(subject, EMAIL, "user" + subject.value() + "@example.org"));
                s.setBytes(3, vault.sealString(subject, PHONE, "+100000000" + subject.value()));
                s.executeUpdate();
            }
        }
    }

    @AfterEach
    void tearDown() {
        vault.close();
        db.close();
    }

    @Test
    void shred_backupRestoredIntoFreshTable_isUndecryptable() throws SQLException {
        List<byte[][]> backup = rawRows("test_accounts", ALICE);
        assertThat(vault.openString(AccessContext.self(ALICE), ALICE, EMAIL, backup.getFirst()[0]))
                .isEqualTo("user7@example.org");

        vault.shred(ALICE);

        execute("CREATE TABLE test_accounts_restored (subject_id bigint PRIMARY KEY, email bytea, phone bytea)");
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO test_accounts_restored VALUES (?, ?, ?)")) {
            s.setLong(1, ALICE.value());
            s.setBytes(2, backup.getFirst()[0]);
            s.setBytes(3, backup.getFirst()[1]);
            s.executeUpdate();
        }
        byte[][] restored = rawRows("test_accounts_restored", ALICE).getFirst();
        assertThat(restored[0]).isEqualTo(backup.getFirst()[0]);

        assertThatThrownBy(() -> vault.open(AccessContext.self(ALICE), ALICE, EMAIL, restored[0]))
                .isInstanceOf(SubjectShreddedException.class);
        assertThatThrownBy(() -> vault.open(AccessContext.self(ALICE), ALICE, PHONE, restored[1]))
                .isInstanceOf(SubjectShreddedException.class);
        try (Vault coldNode = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.now()))) {
            assertThatThrownBy(() -> coldNode.open(AccessContext.self(ALICE), ALICE, EMAIL, restored[0]))
                    .isInstanceOf(SubjectShreddedException.class);
        }
    }

    @Test
    void shred_keyStoreRow_keepsNoKeyMaterial() throws SQLException {
        vault.shred(ALICE);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT kek_version, wrapped_key, shredded_at FROM vault_keys.vault_data_keys WHERE subject_id = ?")) {
            s.setLong(1, ALICE.value());
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getObject(1)).isNull();
                assertThat(r.getBytes(2)).isNull();
                assertThat(r.getTimestamp(3)).isNotNull();
            }
        }
    }

    @Test
    void shred_otherSubjects_stayReadable() throws SQLException {
        vault.shred(ALICE);
        byte[][] bob = rawRows("test_accounts", BOB).getFirst();
        assertThat(vault.openString(AccessContext.self(BOB), BOB, EMAIL, bob[0])).isEqualTo("user8@example.org");
    }

    @Test
    void seal_afterShred_isRefusedAndCreatesNoNewKey() {
        vault.shred(ALICE);
        assertThatThrownBy(() -> vault.sealString(ALICE, EMAIL, "again@example.org"))
                .isInstanceOf(SubjectShreddedException.class)
                .hasMessageNotContaining("again@");
    }

    @Test
    void shred_twice_recordsOneKeyEvent() {
        long before = vault.outbox().latestPosition();
        vault.shred(ALICE);
        vault.shred(ALICE);
        List<OutboxEntry> events = vault.outbox().after(before, 10);
        assertThat(events).hasSize(1);
        AuditEvent.KeyEvent shredded = (AuditEvent.KeyEvent) events.getFirst().event();
        assertThat(shredded.kind()).isEqualTo(AuditEvent.KeyEvent.Kind.SHREDDED);
        assertThat(shredded.subject()).contains(vault.pseudonym(ALICE));
        assertThat(events.getFirst().json()).doesNotContain("\"7\"");
    }

    @Test
    void shred_subjectWithoutKey_leavesTombstone() {
        SubjectId never = new SubjectId(99);
        vault.shred(never);
        assertThatThrownBy(() -> vault.sealString(never, EMAIL, "x")).isInstanceOf(SubjectShreddedException.class);
    }

    private List<byte[][]> rawRows(String table, SubjectId subject) throws SQLException {
        List<byte[][]> rows = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT email, phone FROM " + table + " WHERE subject_id = ?")) {
            s.setLong(1, subject.value());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new byte[][] {r.getBytes(1), r.getBytes(2)});
                }
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package org.custos.vault;

import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Field encryption, blind indexes and the audit path against a real PostgreSQL and a real local keyset. */
class VaultIT {
    private static final Column EMAIL = Column.of("test_people.email");
    private static final Column PHONE = Column.of("test_people.phone");
    private static final SubjectId ALICE = new SubjectId(41);
    private static final SubjectId BOB = new SubjectId(42);
    private static final AccessContext SUPPORT =
            new AccessContext(Principal.operator("op-7"), new Purpose("support.debug-account"));

    @TempDir
    Path keys;

    private HikariDataSource db;
    private MutableClock clock;
    private Vault vault;

    @BeforeEach
    void setUp() throws SQLException {
        db = TestDatabases.fresh("vault");
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        vault = Vault.open(VaultSettings.local(keys), db, clock);
        execute("CREATE TABLE test_people (subject_id bigint PRIMARY KEY, email bytea, email_index bytea, phone bytea)");
    }

    @AfterEach
    void tearDown() {
        vault.close();
        db.close();
    }

    @Test
    void seal_storedValue_rawRowShowsOnlyCiphertext() throws SQLException {
        String email = "alice@example.org";
        byte[] sealed = vault.sealString(ALICE, EMAIL, email);
        insertPerson(ALICE, sealed, vault.blindIndex(EMAIL, email));

        byte[] raw = rawEmail(ALICE);
        assertThat(raw).isEqualTo(sealed);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain(email).doesNotContain("alice");
        assertThat(raw).hasSize(email.length() + 29);
        assertThat(raw[0]).isEqualTo(Vault.FORMAT_V1);
        assertThat(vault.openString(AccessContext.self(ALICE), ALICE, EMAIL, raw)).isEqualTo(email);
    }

    @Test
    void seal_samePlaintextTwice_ciphertextsDiffer() {
        assertThat(vault.sealString(ALICE, EMAIL, "x@example.org"))
                .isNotEqualTo(vault.sealString(ALICE, EMAIL, "x@example.org"));
    }

    @Test
    void keyStore_afterSeal_holdsOnlyAWrappedKeyUnderKekVersionOne() throws SQLException {
        vault.sealString(ALICE, EMAIL, "alice@example.org");
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT kek_version, wrapped_key FROM vault_keys.vault_data_keys")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isEqualTo(1);
            // Tink prefix (5) + IV (12) + 32-byte key + tag (16): a wrapped key, not a bare 32-byte one.
            assertThat(r.getBytes(2)).hasSize(5 + 12 + 32 + 16);
            assertThat(r.next()).isFalse();
        }
    }

    @Test
    void open_valueMovedToAnotherColumn_isTampered() {
        byte[] sealed = vault.sealString(ALICE, EMAIL, "alice@example.org");
        assertThatThrownBy(() -> vault.open(AccessContext.self(ALICE), ALICE, PHONE, sealed))
                .isInstanceOf(TamperedCiphertextException.class)
                .hasMessageContaining("test_people.phone")
                .hasMessageNotContaining("alice@");
    }

    @Test
    void open_valueMovedToAnotherSubject_isTampered() {
        vault.sealString(BOB, EMAIL, "bob@example.org");
        byte[] sealed = vault.sealString(ALICE, EMAIL, "alice@example.org");
        assertThatThrownBy(() -> vault.open(AccessContext.self(BOB), BOB, EMAIL, sealed))
                .isInstanceOf(TamperedCiphertextException.class);
    }

    @Test
    void open_flippedBit_isTampered() {
        byte[] sealed = vault.sealString(ALICE, EMAIL, "alice@example.org");
        for (int i = 1; i < sealed.length; i += 7) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> vault.open(AccessContext.self(ALICE), ALICE, EMAIL, altered))
                    .isInstanceOf(TamperedCiphertextException.class);
        }
        assertThatThrownBy(() -> vault.open(AccessContext.self(ALICE), ALICE, EMAIL, new byte[] {1, 2, 3}))
                .isInstanceOf(TamperedCiphertextException.class);
    }

    @Test
    void open_bySelf_recordsNoReadEvent() {
        byte[] sealed = vault.sealString(ALICE, EMAIL, "alice@example.org");
        long before = vault.outbox().latestPosition();
        vault.openString(AccessContext.self(ALICE), ALICE, EMAIL, sealed);
        assertThat(vault.outbox().after(before, 10)).isEmpty();
    }

    @Test
    void open_byOperator_recordsProtectedReadWithPseudonymOnly() {
        byte[] sealed = vault.sealString(ALICE, EMAIL, "alice@example.org");
        long before = vault.outbox().latestPosition();

        assertThat(vault.openString(SUPPORT, ALICE, EMAIL, sealed)).isEqualTo("alice@example.org");

        List<OutboxEntry> entries = vault.outbox().after(before, 10);
        assertThat(entries).hasSize(1);
        AuditEvent.ProtectedRead read = (AuditEvent.ProtectedRead) entries.getFirst().event();
        assertThat(read.principal()).isEqualTo(Principal.operator("op-7"));
        assertThat(read.purpose()).isEqualTo(new Purpose("support.debug-account"));
        assertThat(read.columns()).containsExactly(EMAIL);
        assertThat(read.subjectPseudonyms()).containsExactly(vault.pseudonym(ALICE));
        assertThat(read.at()).isEqualTo(clock.instant());
        assertThat(entries.getFirst().json()).doesNotContain("alice").doesNotContain("\"41\"").doesNotContain(":41");
    }

    @Test
    void open_byAnotherUser_namesTheReaderByPseudonym() {
        byte[] sealed = vault.sealString(ALICE, EMAIL, "alice@example.org");
        long before = vault.outbox().latestPosition();
        vault.open(new AccessContext(Principal.user(BOB), new Purpose("profile.view")), ALICE, EMAIL, sealed);

        AuditEvent.ProtectedRead read = (AuditEvent.ProtectedRead) vault.outbox().after(before, 10).getFirst().event();
        assertThat(read.principal()).isEqualTo(new Principal(Principal.Kind.USER, vault.pseudonym(BOB)));
    }

    @Test
    void open_selfPrincipalWithOtherPurpose_isAudited() {
        byte[] sealed = vault.sealString(ALICE, EMAIL, "alice@example.org");
        long before = vault.outbox().latestPosition();
        vault.open(new AccessContext(Principal.user(ALICE), new Purpose("export")), ALICE, EMAIL, sealed);
        assertThat(vault.outbox().after(before, 10)).hasSize(1);
    }

    @Test
    void open_outboxRejectsWrites_failsClosedWithoutPlaintext() throws SQLException {
        byte[] sealed = vault.sealString(ALICE, EMAIL, "alice@example.org");
        execute("""
                CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'outbox offline'; END $$""");
        execute("CREATE TRIGGER test_refuse BEFORE INSERT ON vault_audit_outbox FOR EACH ROW EXECUTE FUNCTION test_refuse()");

        assertThatThrownBy(() -> vault.open(SUPPORT, ALICE, EMAIL, sealed))
                .isInstanceOf(AuditUnavailableException.class);
        // The subject's own read needs no audit event and still works.
        assertThat(vault.openString(AccessContext.self(ALICE), ALICE, EMAIL, sealed)).isEqualTo("alice@example.org");
    }

    @Test
    void blindIndex_sameValue_matchesAndDiffersByColumnAndValue() throws SQLException {
        byte[] index = vault.blindIndex(EMAIL, "alice@example.org");
        insertPerson(ALICE, vault.sealString(ALICE, EMAIL, "alice@example.org"), index);
        insertPerson(BOB, vault.sealString(BOB, EMAIL, "bob@example.org"), vault.blindIndex(EMAIL, "bob@example.org"));

        assertThat(index).hasSize(32);
        assertThat(vault.blindIndex(PHONE, "alice@example.org")).isNotEqualTo(index);
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT subject_id FROM test_people WHERE email_index = ?")) {
            s.setBytes(1, vault.blindIndex(EMAIL, "alice@example.org"));
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).isEqualTo(ALICE.value());
                assertThat(r.next()).isFalse();
            }
        }
    }

    @Test
    void keyedOutputs_afterReopen_areStable() {
        byte[] index = vault.blindIndex(EMAIL, "alice@example.org");
        String pseudonym = vault.pseudonym(ALICE);
        byte[] sealed = vault.sealString(ALICE, EMAIL, "alice@example.org");
        vault.close();

        vault = Vault.open(VaultSettings.local(keys), db, clock);
        assertThat(vault.blindIndex(EMAIL, "alice@example.org")).isEqualTo(index);
        assertThat(vault.pseudonym(ALICE)).isEqualTo(pseudonym).matches("ps1:[0-9a-f]{32}");
        assertThat(vault.pseudonym(BOB)).isNotEqualTo(pseudonym);
        assertThat(vault.openString(AccessContext.self(ALICE), ALICE, EMAIL, sealed)).isEqualTo("alice@example.org");
    }

    @Test
    void open_wrongMasterSecret_refusesToStart() {
        vault.close();
        Path other = keys.resolve("other");
        Vault.open(VaultSettings.local(other, Secret.of(new byte[32])), db, clock).close();
        byte[] wrong = new byte[32];
        wrong[0] = 1;
        assertThatThrownBy(() -> Vault.open(VaultSettings.local(other, Secret.of(wrong)), db, clock))
                .isInstanceOf(KeyServiceException.class)
                .hasMessageContaining("master secret does not decrypt");
        vault = Vault.open(VaultSettings.local(keys), db, clock);
    }

    @Test
    void seal_firstUse_recordsKeyCreatedOnce() {
        long before = vault.outbox().latestPosition();
        vault.sealString(ALICE, EMAIL, "a");
        vault.sealString(ALICE, PHONE, "b");
        List<OutboxEntry> entries = vault.outbox().after(before, 10);
        assertThat(entries).hasSize(1);
        AuditEvent.KeyEvent created = (AuditEvent.KeyEvent) entries.getFirst().event();
        assertThat(created.kind()).isEqualTo(AuditEvent.KeyEvent.Kind.CREATED);
        assertThat(created.subject()).contains(vault.pseudonym(ALICE));
    }

    private void insertPerson(SubjectId subject, byte[] email, byte[] index) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO test_people (subject_id, email, email_index) VALUES (?, ?, ?)")) {
            s.setLong(1, subject.value());
            s.setBytes(2, email);
            s.setBytes(3, index);
            s.executeUpdate();
        }
    }

    private byte[] rawEmail(SubjectId subject) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT email FROM test_people WHERE subject_id = ?")) {
            s.setLong(1, subject.value());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBytes(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package org.custos.vault;

import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.StreamingAead;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Destroyable keys for large sealed objects (model snapshots), against a real PostgreSQL. */
class ObjectKeysIT {
    private static final byte[] SNAPSHOT_AD = "custos.engine-snapshot.v1/rel-0123456789abcdef/42"
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path keys;

    private HikariDataSource db;
    private Vault vault;

    @BeforeEach
    void setUp() {
        db = TestDatabases.fresh("vault");
        vault = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.parse("2026-08-01T00:00:00Z")));
    }

    @AfterEach
    void tearDown() {
        vault.close();
        db.close();
    }

    @Test
    void objectKey_sealsAndOpensAStreamAcrossSegments_andFromAColdVault() throws Exception {
        byte[] snapshot = new byte[3 * 1024 * 1024 + 123]; // four 1 MiB segments
        new Random(7).nextBytes(snapshot);
        ObjectKey key = vault.newObjectKey("engine-snapshot");
        byte[] sealed = encrypt(key.streamingAead(), snapshot);
        assertThat(sealed.length).isGreaterThan(snapshot.length);

        assertThat(decrypt(vault.objectKey(key.id()).orElseThrow().streamingAead(), sealed)).isEqualTo(snapshot);
        try (Vault cold = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.now()))) {
            ObjectKey found = cold.objectKey(key.id()).orElseThrow();
            assertThat(found.purpose()).isEqualTo("engine-snapshot");
            assertThat(decrypt(found.streamingAead(), sealed)).isEqualTo(snapshot);
        }
        // Any altered byte, or other associated data, fails authentication.
        byte[] altered = sealed.clone();
        altered[altered.length / 2] ^= 1;
        assertThatThrownBy(() -> decrypt(key.streamingAead(), altered)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> readAll(key.streamingAead().newDecryptingStream(
                new ByteArrayInputStream(sealed), "another snapshot".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void newObjectKey_recordsCreated_andRevealsNothingInToString() throws Exception {
        ObjectKey key = vault.newObjectKey("engine-snapshot");
        assertThat(key.keyId()).isEqualTo("obj:engine-snapshot:" + key.id());
        assertThat(key.toString()).isEqualTo("ObjectKey[obj:engine-snapshot:" + key.id() + ", key=redacted]");
        assertThat(keyEvents()).containsExactly(new AuditEvent.KeyEvent(AuditEvent.KeyEvent.Kind.CREATED,
                "obj:engine-snapshot:" + key.id(), "", Instant.parse("2026-08-01T00:00:00Z")));
        // Only the wrapped form is stored.
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT kek_version, length(wrapped_key) FROM vault_keys.vault_object_keys WHERE id = ?")) {
            s.setLong(1, key.id());
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getInt(1)).isEqualTo(1);
                assertThat(r.getInt(2)).isEqualTo(5 + 12 + 32 + 16);
            }
        }
        for (String bad : new String[] {"", "Engine", "engine snapshot", "-x", "x".repeat(64)}) {
            assertThatThrownBy(() -> vault.newObjectKey(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void destroyObjectKey_makesSealedObjectsUnreadable_keepsATombstone_andRecordsShreddedOnce() throws Exception {
        ObjectKey key = vault.newObjectKey("engine-snapshot");
        ObjectKey other = vault.newObjectKey("engine-snapshot");
        byte[] sealed = encrypt(key.streamingAead(), "every user's state".getBytes(StandardCharsets.UTF_8));

        vault.destroyObjectKey(key.id());
        vault.destroyObjectKey(key.id()); // idempotent

        assertThat(vault.objectKey(key.id())).isEmpty();
        assertThat(vault.objectKey(other.id())).isPresent();
        try (Vault cold = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.now()))) {
            assertThat(cold.objectKey(key.id())).isEmpty();
        }
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT wrapped_key, kek_version, destroyed_at FROM vault_keys.vault_object_keys WHERE id = ?")) {
            s.setLong(1, key.id());
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getBytes(1)).isNull();
                assertThat(r.getObject(2)).isNull();
                assertThat(r.getTimestamp(3)).isNotNull();
            }
        }
        assertThat(keyEvents()).filteredOn(e -> e.kind() == AuditEvent.KeyEvent.Kind.SHREDDED)
                .containsExactly(new AuditEvent.KeyEvent(AuditEvent.KeyEvent.Kind.SHREDDED,
                        "obj:engine-snapshot:" + key.id(), "", Instant.parse("2026-08-01T00:00:00Z")));
        assertThat(sealed).isNotEmpty(); // the ciphertext remains, and nothing can open it any more
        assertThatThrownBy(() -> vault.destroyObjectKey(999_999)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tombstone_idIsNeverReused_andARestoredWrappedKeyIsRefusedByTheSchema() throws Exception {
        ObjectKey destroyed = vault.newObjectKey("engine-snapshot");
        byte[] wrapped;
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT wrapped_key FROM vault_keys.vault_object_keys WHERE id = ?")) {
            s.setLong(1, destroyed.id());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                wrapped = r.getBytes(1);
            }
        }
        vault.destroyObjectKey(destroyed.id());

        ObjectKey fresh = vault.newObjectKey("engine-snapshot");
        assertThat(fresh.id()).isGreaterThan(destroyed.id());
        assertThat(vault.objectKey(destroyed.id())).isEmpty();
        // Putting the old wrapped key back on the tombstone alone breaks the table's invariant.
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE vault_keys.vault_object_keys SET wrapped_key = ?, kek_version = 1 WHERE id = ?")) {
            s.setBytes(1, wrapped);
            s.setLong(2, destroyed.id());
            assertThatThrownBy(s::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("check");
        }
        // A wrapped key moved onto another row (another id) does not unwrap: the wrap binds id and purpose.
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE vault_keys.vault_object_keys SET wrapped_key = ? WHERE id = ?")) {
            s.setBytes(1, wrapped);
            s.setLong(2, fresh.id());
            s.executeUpdate();
        }
        assertThatThrownBy(() -> vault.objectKey(fresh.id())).isInstanceOf(KeyServiceException.class);
    }

    @Test
    void newObjectKey_outboxRejectsWrites_createsNoKey() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'outbox offline'; END $$""");
            s.execute("CREATE TRIGGER test_refuse BEFORE INSERT ON vault_audit_outbox FOR EACH ROW "
                    + "EXECUTE FUNCTION test_refuse()");
        }
        assertThatThrownBy(() -> vault.newObjectKey("engine-snapshot")).isInstanceOf(KeyServiceException.class);
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM vault_keys.vault_object_keys")) {
            r.next();
            assertThat(r.getLong(1)).isZero();
        }
    }

    private List<AuditEvent.KeyEvent> keyEvents() {
        return vault.outbox().after(0, 1_000).stream().map(OutboxEntry::event)
                .filter(AuditEvent.KeyEvent.class::isInstance).map(AuditEvent.KeyEvent.class::cast).toList();
    }

    static byte[] encrypt(StreamingAead aead, byte[] plaintext) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypting = aead.newEncryptingStream(out, SNAPSHOT_AD)) {
            encrypting.write(plaintext);
        }
        return out.toByteArray();
    }

    static byte[] decrypt(StreamingAead aead, byte[] ciphertext) throws IOException, GeneralSecurityException {
        return readAll(aead.newDecryptingStream(new ByteArrayInputStream(ciphertext), SNAPSHOT_AD));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}

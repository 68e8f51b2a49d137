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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KEK rotation keeps every record readable, while reads and writes continue. */
class KekRotationIT {
    private static final Column NAME = Column.of("test_profiles.name");
    private static final int SUBJECTS = 2_500;

    @TempDir
    Path keys;

    private HikariDataSource db;
    private Vault vault;

    @BeforeEach
    void setUp() throws SQLException {
        db = TestDatabases.fresh("vault");
        vault = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.parse("2026-03-01T00:00:00Z")));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test_profiles (subject_id bigint PRIMARY KEY, name bytea NOT NULL)");
        }
        try (Connection c = db.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO test_profiles VALUES (?, ?)")) {
            for (long id = 1; id <= SUBJECTS; id++) {
                insert.setLong(1, id);
                insert.setBytes(2, vault.sealString(new SubjectId(id), NAME, "name-" + id));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @AfterEach
    void tearDown() {
        vault.close();
        db.close();
    }

    @Test
    void rotate_underLoad_everyRecordStaysReadable() throws Exception {
        AtomicBoolean rotating = new AtomicBoolean(true);
        AtomicLong concurrentOps = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread load = Thread.ofVirtual().start(() -> {
            long next = SUBJECTS + 1;
            try (Vault other = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.now()))) {
                started.countDown();
                while (rotating.get()) {
                    long id = 1 + concurrentOps.get() % SUBJECTS;
                    byte[] sealed = readName(id);
                    assertThat(other.openString(AccessContext.self(new SubjectId(id)), new SubjectId(id), NAME, sealed))
                            .isEqualTo("name-" + id);
                    SubjectId fresh = new SubjectId(next++);
                    other.sealString(fresh, NAME, "fresh");
                    concurrentOps.incrementAndGet();
                }
            } catch (Throwable t) {
                failures.add(t);
                started.countDown();
            }
        });
        started.await();
        List<Long> progress = new ArrayList<>();
        KekRotation rotation = vault.rotateKeyEncryptionKey(progress::add);
        rotating.set(false);
        load.join();

        assertThat(failures).isEmpty();
        assertThat(rotation.newKekVersion()).isEqualTo(2);
        assertThat(rotation.rewrapped()).isGreaterThanOrEqualTo(SUBJECTS);
        assertThat(rotation.batches()).isGreaterThanOrEqualTo(SUBJECTS / KekRotator.BATCH);
        assertThat(progress).isSorted().last().isEqualTo(rotation.rewrapped());
        assertThat(countUnder(1)).isZero();
        // The load kept creating keys after the rotation returned; those are under version 2 as well.
        assertThat(countUnder(2)).isGreaterThanOrEqualTo(rotation.rewrapped() + rotation.alreadyCurrent());

        // A node with an empty cache reads every record through the new KEK.
        try (Vault cold = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.now()))) {
            for (long id = 1; id <= SUBJECTS; id++) {
                SubjectId subject = new SubjectId(id);
                assertThat(cold.openString(AccessContext.self(subject), subject, NAME, readName(id)))
                        .isEqualTo("name-" + id);
            }
        }
    }

    @Test
    void rotate_twice_olderVersionsRetireFromUse() {
        vault.rotateKeyEncryptionKey(done -> { });
        KekRotation second = vault.rotateKeyEncryptionKey(done -> { });
        assertThat(second.newKekVersion()).isEqualTo(3);
        assertThat(second.rewrapped()).isEqualTo(SUBJECTS);
        AuditEvent.KeyEvent rotated = vault.outbox().after(0, 10_000).stream()
                .map(OutboxEntry::event)
                .filter(AuditEvent.KeyEvent.class::isInstance).map(AuditEvent.KeyEvent.class::cast)
                .filter(e -> e.kind() == AuditEvent.KeyEvent.Kind.ROTATED)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(rotated.keyId()).isEqualTo("kek:3");
        assertThat(rotated.subject()).isEmpty();
    }

    @Test
    void destroyRetired_afterRotation_makesAnOldKeyStoreBackupUseless() throws SQLException {
        SubjectId subject = new SubjectId(17);
        byte[] sealed = readName(17);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test_key_backup AS SELECT * FROM vault_keys.vault_data_keys");
        }
        assertThat(vault.destroyRetiredKekVersions()).isEmpty(); // version 1 is still primary

        vault.rotateKeyEncryptionKey(done -> { });
        assertThat(vault.destroyRetiredKekVersions()).containsExactly(1);
        assertThat(vault.destroyRetiredKekVersions()).isEmpty();

        // Restore the old key-store backup: its wrapped keys are under a KEK version that no longer exists.
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    UPDATE vault_keys.vault_data_keys k SET kek_version = b.kek_version, wrapped_key = b.wrapped_key
                      FROM test_key_backup b WHERE b.subject_id = k.subject_id""");
        }
        try (Vault cold = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.now()))) {
            assertThatThrownBy(() -> cold.open(AccessContext.self(subject), subject, NAME, sealed))
                    .isInstanceOf(KeyServiceException.class)
                    .hasMessageContaining("KEK version 1");
        }
    }

    @Test
    void rotate_withObjectKeys_rewrapsThemToo_andSnapshotsStayReadable() throws Exception {
        ObjectKey kept = vault.newObjectKey("engine-snapshot");
        ObjectKey destroyed = vault.newObjectKey("engine-snapshot");
        byte[] snapshot = "a model snapshot".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] sealed = ObjectKeysIT.encrypt(kept.streamingAead(), snapshot);
        vault.destroyObjectKey(destroyed.id());

        KekRotation rotation = vault.rotateKeyEncryptionKey(done -> { });
        assertThat(rotation.rewrapped()).isEqualTo(SUBJECTS + 1);
        assertThat(countObjectKeysUnder(1)).isZero();
        assertThat(countObjectKeysUnder(2)).isEqualTo(1);
        assertThat(vault.destroyRetiredKekVersions()).containsExactly(1);

        try (Vault cold = Vault.open(VaultSettings.local(keys), db, new MutableClock(Instant.now()))) {
            assertThat(ObjectKeysIT.decrypt(cold.objectKey(kept.id()).orElseThrow().streamingAead(), sealed))
                    .isEqualTo(snapshot);
            assertThat(cold.objectKey(destroyed.id())).isEmpty(); // the tombstone is left as it is
        }
    }

    @Test
    void destroyRetired_whileAnObjectKeyIsStillUnderTheOldVersion_refusesToDestroyIt() throws Exception {
        ObjectKey late = vault.newObjectKey("engine-snapshot");
        byte[] sealed = ObjectKeysIT.encrypt(late.streamingAead(), new byte[] {1, 2, 3});
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE test_object_key_before AS SELECT * FROM vault_keys.vault_object_keys");
        }
        vault.rotateKeyEncryptionKey(done -> { });
        // As if a node that had not yet seen version 2 had wrapped this key under version 1 after the walk.
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    UPDATE vault_keys.vault_object_keys k SET kek_version = b.kek_version, wrapped_key = b.wrapped_key
                      FROM test_object_key_before b WHERE b.id = k.id""");
        }
        assertThat(countUnder(1)).isZero(); // no data key holds version 1 back
        assertThat(countObjectKeysUnder(1)).isEqualTo(1);

        assertThat(vault.destroyRetiredKekVersions()).isEmpty();
        assertThat(ObjectKeysIT.decrypt(vault.objectKey(late.id()).orElseThrow().streamingAead(), sealed))
                .containsExactly(1, 2, 3);

        // Running the rotation again picks it up; then version 1 and 2 can go.
        vault.rotateKeyEncryptionKey(done -> { });
        assertThat(vault.destroyRetiredKekVersions()).containsExactly(1, 2);
        assertThat(ObjectKeysIT.decrypt(vault.objectKey(late.id()).orElseThrow().streamingAead(), sealed))
                .containsExactly(1, 2, 3);
    }

    private long countObjectKeysUnder(int version) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM vault_keys.vault_object_keys WHERE kek_version = ?")) {
            s.setInt(1, version);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private byte[] readName(long id) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name FROM test_profiles WHERE subject_id = ?")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBytes(1);
            }
        }
    }

    private long countUnder(int version) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM vault_keys.vault_data_keys WHERE kek_version = ?")) {
            s.setInt(1, version);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}

package org.custos.vault;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Object keys in {@code vault_keys.vault_object_keys}: 32 random bytes each, stored only wrapped by the KEK with
 * associated data {@code custos.vault.obj.v1/<id>/<purpose>} (so a wrapped key copied onto another row does not
 * unwrap), destroyed by nulling the wrapped key and keeping the row as a tombstone. Ids come from a sequence and
 * are never reused, so a destroyed id never names a new key.
 *
 * <p>Not cached: an object key is opened once per snapshot written or read, and reading the key store every time
 * means a destroyed key is gone at once on every node.
 */
final class ObjectKeys {
    private static final int KEY_LENGTH = 32;

    private final DataSource dataSource;
    private final KeyService keyService;
    private final PostgresAuditOutbox outbox;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ObjectKeys(DataSource dataSource, KeyService keyService, PostgresAuditOutbox outbox, Clock clock) {
        this.dataSource = dataSource;
        this.keyService = keyService;
        this.outbox = outbox;
        this.clock = clock;
    }

    static byte[] wrapBinding(long id, String purpose) {
        return ("custos.vault.obj.v1/" + id + "/" + purpose).getBytes(StandardCharsets.US_ASCII);
    }

    ObjectKey create(String purpose) {
        ObjectKey.checkedPurpose(purpose);
        byte[] raw = new byte[KEY_LENGTH];
        random.nextBytes(raw);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long id;
                try (PreparedStatement next = connection.prepareStatement(
                        "SELECT nextval('vault_keys.vault_object_key_ids')");
                     ResultSet row = next.executeQuery()) {
                    row.next();
                    id = row.getLong(1);
                }
                KeyService.WrappedKey wrapped = keyService.wrap(raw, wrapBinding(id, purpose));
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO vault_keys.vault_object_keys (id, purpose, kek_version, wrapped_key, created_at)
                        VALUES (?, ?, ?, ?, ?)""")) {
                    insert.setLong(1, id);
                    insert.setString(2, purpose);
                    insert.setInt(3, wrapped.kekVersion());
                    insert.setBytes(4, wrapped.bytes());
                    insert.setTimestamp(5, Timestamp.from(clock.instant()));
                    insert.executeUpdate();
                }
                outbox.append(connection, new AuditEvent.KeyEvent(
                        AuditEvent.KeyEvent.Kind.CREATED, ObjectKey.keyId(purpose, id), "", clock.instant()));
                ObjectKey key = new ObjectKey(id, purpose, streamingAead(raw));
                connection.commit();
                return key;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new KeyServiceException("key store unavailable creating an object key for " + purpose
                    + "; no key was created", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    Optional<ObjectKey> find(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT purpose, kek_version, wrapped_key FROM vault_keys.vault_object_keys WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getBytes(3) == null) {
                    return Optional.empty();
                }
                String purpose = row.getString(1);
                byte[] raw = keyService.unwrap(row.getInt(2), row.getBytes(3), wrapBinding(id, purpose));
                try {
                    return Optional.of(new ObjectKey(id, purpose, streamingAead(raw)));
                } finally {
                    Arrays.fill(raw, (byte) 0);
                }
            }
        } catch (SQLException e) {
            throw new KeyServiceException("key store unavailable reading object key " + id, e);
        }
    }

    /** Nulls the wrapped key (keeping the tombstone) and records SHREDDED, in one transaction. Idempotent. */
    void destroy(long id) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement update = connection.prepareStatement("""
                        UPDATE vault_keys.vault_object_keys SET wrapped_key = NULL, kek_version = NULL, destroyed_at = ?
                         WHERE id = ? AND destroyed_at IS NULL RETURNING purpose""")) {
                    update.setTimestamp(1, Timestamp.from(clock.instant()));
                    update.setLong(2, id);
                    try (ResultSet row = update.executeQuery()) {
                        if (row.next()) {
                            outbox.append(connection, new AuditEvent.KeyEvent(AuditEvent.KeyEvent.Kind.SHREDDED,
                                    ObjectKey.keyId(row.getString(1), id), "", clock.instant()));
                        } else if (!exists(connection, id)) {
                            throw new IllegalArgumentException("there is no object key " + id);
                        }
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new KeyServiceException("key store unavailable destroying object key " + id
                    + "; nothing was destroyed", e);
        }
    }

    private static boolean exists(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM vault_keys.vault_object_keys WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static StreamingAead streamingAead(byte[] raw) {
        try {
            return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(
                    PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB,
                    SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get())));
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot build an AES256-GCM-HKDF streaming key", e);
        }
    }
}

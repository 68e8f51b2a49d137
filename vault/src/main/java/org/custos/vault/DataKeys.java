package org.custos.vault;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
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
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Per-subject data keys: created on first seal, stored only wrapped by the KEK in {@code vault_keys.vault_data_keys},
 * unwrapped into the {@link DataKeyCache}, destroyed by {@link #shred}.
 *
 * <p>A data key is 32 random bytes used as a Tink AES256-GCM key (raw, no Tink prefix). It is wrapped with
 * associated data {@code custos.vault.dek.v1/<subject id>}, so a wrapped key copied onto another subject's row
 * does not unwrap.
 */
final class DataKeys {
    private static final int KEY_LENGTH = 32;

    private final DataSource dataSource;
    private final KeyService keyService;
    private final DataKeyCache cache;
    private final PostgresAuditOutbox outbox;
    private final Function<SubjectId, String> pseudonyms;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    DataKeys(DataSource dataSource, KeyService keyService, DataKeyCache cache, PostgresAuditOutbox outbox,
             Function<SubjectId, String> pseudonyms, Clock clock) {
        this.dataSource = dataSource;
        this.keyService = keyService;
        this.cache = cache;
        this.outbox = outbox;
        this.pseudonyms = pseudonyms;
        this.clock = clock;
    }

    static byte[] wrapBinding(long subject) {
        return ("custos.vault.dek.v1/" + subject).getBytes(StandardCharsets.US_ASCII);
    }

    /** The subject's key for sealing, created when the subject has none. */
    Aead forSeal(SubjectId subject) {
        Optional<Aead> cached = cache.get(subject);
        if (cached.isPresent()) {
            return cached.get();
        }
        long stamp = cache.stamp(subject);
        Aead key = load(subject)
                .or(() -> create(subject))
                // Another node created it between our read and our insert: use theirs.
                .orElseGet(() -> load(subject).orElseThrow(() -> new KeyServiceException(
                        "data key of " + subject + " vanished while being created")));
        cache.putIfUnchanged(subject, key, stamp);
        return key;
    }

    /** The subject's key for opening; empty when the subject never had one. */
    Optional<Aead> forOpen(SubjectId subject) {
        Optional<Aead> cached = cache.get(subject);
        if (cached.isPresent()) {
            return cached;
        }
        long stamp = cache.stamp(subject);
        Optional<Aead> key = load(subject);
        key.ifPresent(k -> cache.putIfUnchanged(subject, k, stamp));
        return key;
    }

    private Optional<Aead> load(SubjectId subject) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT kek_version, wrapped_key FROM vault_keys.vault_data_keys WHERE subject_id = ?")) {
            select.setLong(1, subject.value());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                byte[] wrapped = row.getBytes(2);
                if (wrapped == null) {
                    throw new SubjectShreddedException(subject);
                }
                return Optional.of(unwrap(subject, row.getInt(1), wrapped));
            }
        } catch (SQLException e) {
            throw new KeyServiceException("key store unavailable reading the data key of " + subject, e);
        }
    }

    private Aead unwrap(SubjectId subject, int kekVersion, byte[] wrapped) {
        byte[] raw = keyService.unwrap(kekVersion, wrapped, wrapBinding(subject.value()));
        try {
            return new AesGcmJce(raw);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("unwrapped data key of " + subject + " is not an AES-256 key", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Creates and stores the subject's key; empty if a row for the subject appeared first. */
    private Optional<Aead> create(SubjectId subject) {
        byte[] raw = new byte[KEY_LENGTH];
        random.nextBytes(raw);
        try (Connection connection = dataSource.getConnection()) {
            KeyService.WrappedKey wrapped = keyService.wrap(raw, wrapBinding(subject.value()));
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO vault_keys.vault_data_keys (subject_id, kek_version, wrapped_key, created_at)
                    VALUES (?, ?, ?, ?) ON CONFLICT (subject_id) DO NOTHING""")) {
                insert.setLong(1, subject.value());
                insert.setInt(2, wrapped.kekVersion());
                insert.setBytes(3, wrapped.bytes());
                insert.setTimestamp(4, Timestamp.from(clock.instant()));
                if (insert.executeUpdate() == 0) {
                    connection.rollback();
                    return Optional.empty();
                }
                String pseudonym = pseudonyms.apply(subject);
                outbox.append(connection, new AuditEvent.KeyEvent(
                        AuditEvent.KeyEvent.Kind.CREATED, "dek:" + pseudonym, pseudonym, clock.instant()));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            return Optional.of(new AesGcmJce(raw));
        } catch (SQLException e) {
            throw new KeyServiceException("key store unavailable creating the data key of " + subject, e);
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot build the data key of " + subject, e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Destroys the subject's wrapped key (leaving a tombstone), emits SHREDDED in the same transaction, then drops the
     * cached copy. Idempotent: shredding a shredded subject changes nothing and emits nothing.
     */
    void shred(SubjectId subject) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Timestamp now = Timestamp.from(clock.instant());
                try (PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO vault_keys.vault_data_keys (subject_id, created_at, shredded_at) VALUES (?, ?, ?)
                        ON CONFLICT (subject_id) DO UPDATE
                           SET wrapped_key = NULL, kek_version = NULL, shredded_at = EXCLUDED.shredded_at
                         WHERE vault_data_keys.shredded_at IS NULL""")) {
                    upsert.setLong(1, subject.value());
                    upsert.setTimestamp(2, now);
                    upsert.setTimestamp(3, now);
                    if (upsert.executeUpdate() == 1) {
                        String pseudonym = pseudonyms.apply(subject);
                        outbox.append(connection, new AuditEvent.KeyEvent(
                                AuditEvent.KeyEvent.Kind.SHREDDED, "dek:" + pseudonym, pseudonym, clock.instant()));
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new KeyServiceException("key store unavailable shredding " + subject + "; nothing was shredded", e);
        } finally {
            cache.invalidate(subject);
        }
    }
}

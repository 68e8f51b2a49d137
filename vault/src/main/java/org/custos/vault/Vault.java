package org.custos.vault;

import com.google.crypto.tink.Aead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * The custodian's vault: field encryption under per-subject data keys, keyed blind indexes and pseudonyms,
 * crypto-shredding, KEK rotation, and the audit path for reads by anyone but the data's subject.
 *
 * <p>Thread-safe; one instance per process, shared by all request threads. {@link #open} applies the vault's own
 * migrations ({@code Migrations.apply(ds, "vault")}) itself, so callers may but need not run them first.
 *
 * <p>Sealed value format (what a PROTECTED column stores): {@code 0x01 || iv(12) || ciphertext || tag(16)}, AES256-GCM
 * under the subject's data key with associated data {@code custos.vault.v1/<subject id>/<table>.<column>}. A value
 * is thus 29 bytes longer than its plaintext. See docs/vault.md for the whole key hierarchy.
 *
 * <p>Unwrapped data keys are cached ({@link VaultSettings#dataKeyCacheCapacity()}, 5 minutes time-to-live, the bound
 * on how long another node can still use a key this node shredded).
 */
public final class Vault implements AutoCloseable {
    static final byte FORMAT_V1 = 0x01;
    static final Duration DATA_KEY_TTL = Duration.ofMinutes(5);
    private static final byte[] BLIND_INDEX_DOMAIN = "custos.blind-index.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PSEUDONYM_DOMAIN = "custos.pseudonym.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private final KeyService keyService;
    private final DataKeyCache cache;
    private final DataKeys dataKeys;
    private final KekRotator rotator;
    private final PostgresAuditOutbox outbox;
    private final Clock clock;

    Vault(KeyService keyService, DataSource dataSource, Clock clock, int cacheCapacity) {
        this.keyService = keyService;
        this.clock = clock;
        this.cache = new DataKeyCache(cacheCapacity, DATA_KEY_TTL, clock);
        this.outbox = new PostgresAuditOutbox(dataSource, clock);
        this.dataKeys = new DataKeys(dataSource, keyService, cache, outbox, this::pseudonym, clock);
        this.rotator = new KekRotator(dataSource, keyService, outbox, clock);
    }

    /**
     * Opens the vault: migrates the vault's tables, then connects to the key service (creating the local keyset or
     * the token keys on first use).
     *
     * @throws KeyServiceException if the key service cannot be reached or the master secret / PIN is wrong
     * @throws IllegalStateException if the vault's migrations fail
     */
    public static Vault open(VaultSettings settings, DataSource dataSource, Clock clock) {
        Migrations.apply(dataSource, "vault");
        KeyService keyService = switch (settings) {
            case VaultSettings.Local local -> LocalKeyService.open(local);
            case VaultSettings.Pkcs11 pkcs11 -> Pkcs11KeyService.open(pkcs11, clock);
        };
        return new Vault(keyService, dataSource, clock, settings.dataKeyCacheCapacity());
    }

    /**
     * Seals {@code plaintext} for storage in {@code column} of {@code subject}'s row, under the subject's data key
     * (created, wrapped by the KEK and stored on first use). The associated data binds subject and column, so the
     * result opens nowhere else.
     *
     * @throws SubjectShreddedException if the subject was shredded
     */
    public byte[] seal(SubjectId subject, Column column, byte[] plaintext) {
        Aead key = dataKeys.forSeal(subject);
        try {
            byte[] sealed = key.encrypt(plaintext, associatedData(subject, column));
            return ByteBuffer.allocate(1 + sealed.length).put(FORMAT_V1).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new KeyServiceException("cannot seal a value for " + column, e);
        }
    }

    /** {@link #seal} of the UTF-8 encoding of {@code plaintext}. */
    public byte[] sealString(SubjectId subject, Column column, String plaintext) {
        return seal(subject, column, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Opens a value sealed by {@link #seal}. Unless {@code context} is the subject reading their own data, an
     * {@link AuditEvent.ProtectedRead} is committed to the outbox first; if that fails nothing is decrypted.
     *
     * @throws AuditUnavailableException if the audit event could not be recorded (fail closed)
     * @throws SubjectShreddedException if the subject's data key was destroyed
     * @throws TamperedCiphertextException if the value does not authenticate for this subject and column
     */
    public byte[] open(AccessContext context, SubjectId subject, Column column, byte[] sealed) {
        if (!context.isSelf(subject)) {
            outbox.appendDurably(new AuditEvent.ProtectedRead(auditPrincipal(context.principal()),
                    context.purpose(), List.of(column), List.of(pseudonym(subject)), 1, context.grant(), clock.instant()));
        }
        if (sealed.length < 1 + 12 + 16 || sealed[0] != FORMAT_V1) {
            throw new TamperedCiphertextException(column, "not a version 1 sealed value", null);
        }
        Optional<Aead> key = dataKeys.forOpen(subject);
        if (key.isEmpty()) {
            throw new TamperedCiphertextException(column, "no data key was ever created for this subject", null);
        }
        try {
            return key.get().decrypt(java.util.Arrays.copyOfRange(sealed, 1, sealed.length),
                    associatedData(subject, column));
        } catch (GeneralSecurityException e) {
            throw new TamperedCiphertextException(column, "authentication failed", e);
        }
    }

    /** {@link #open} decoded as UTF-8. */
    public String openString(AccessContext context, SubjectId subject, Column column, byte[] sealed) {
        return new String(open(context, subject, column, sealed), StandardCharsets.UTF_8);
    }

    /**
     * A keyed HMAC-SHA256 of {@code normalizedValue} for equality lookups in {@code column} (32 bytes). The column
     * is part of the input, so equal values in different columns do not match. Callers normalise first (for
     * example a trimmed, lower-case e-mail address).
     */
    public byte[] blindIndex(Column column, String normalizedValue) {
        byte[] name = column.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] value = normalizedValue.getBytes(StandardCharsets.UTF_8);
        return keyService.blindIndexMac(ByteBuffer.allocate(BLIND_INDEX_DOMAIN.length + name.length + 1 + value.length)
                .put(BLIND_INDEX_DOMAIN).put(name).put((byte) 0).put(value).array());
    }

    /**
     * The subject's stable keyed pseudonym for audit events: {@code ps1:} and 32 hex digits (128 bits of
     * HMAC-SHA256). Not reversible without the pseudonym key.
     */
    public String pseudonym(SubjectId subject) {
        byte[] mac = keyService.pseudonymMac(ByteBuffer.allocate(PSEUDONYM_DOMAIN.length + Long.BYTES)
                .put(PSEUDONYM_DOMAIN).putLong(subject.value()).array());
        return "ps1:" + HEX.formatHex(mac, 0, 16);
    }

    /**
     * Destroys the subject's data key and its cached copy, records the shred so that no new key is created for the
     * subject, and emits an {@link AuditEvent.KeyEvent} {@code SHREDDED}. Idempotent.
     */
    public void shred(SubjectId subject) {
        dataKeys.shred(subject);
    }

    /**
     * Makes a new KEK version primary and rewraps every data key under it in batches, while seals and opens
     * continue. Safe to re-run after an interruption: it continues with the keys not yet rewrapped.
     *
     * @param progress called after each batch with the number of keys rewrapped so far
     */
    public KekRotation rotateKeyEncryptionKey(LongConsumer progress) {
        return rotator.rotate(progress);
    }

    /**
     * Destroys the KEK versions that are no longer primary and wrap no data key (after a completed
     * {@link #rotateKeyEncryptionKey}), recording a {@code SHREDDED} key event {@code kek:<version>} for each. From
     * then on a key-store backup from before the rotation is useless, so the backup half of crypto-shredding no longer
     * depends on that backup's retention. Run it once the rotation has finished and every node has had
     * {@code 30 s} to see the new version (see docs/operations-keys.md).
     *
     * @return the versions destroyed, ascending; empty when none qualified
     */
    public List<Integer> destroyRetiredKekVersions() {
        return rotator.destroyRetired();
    }

    /**
     * Commits an audit event reported by another module of the boundary (the gateway's flows, the lockbox's steps,
     * policy changes) before returning.
     *
     * @throws AuditUnavailableException if it could not be committed; the caller must then not go on
     */
    public void record(AuditEvent event) {
        outbox.appendDurably(event);
    }

    /**
     * Inserts an audit event in the caller's transaction, so that it commits (or rolls back) together with the
     * change it describes.
     */
    public void record(java.sql.Connection connection, AuditEvent event) throws java.sql.SQLException {
        outbox.append(connection, event);
    }

    /** The durable audit outbox, for the transparency log's relay. */
    public AuditOutbox outbox() {
        return outbox;
    }

    /** Which key service this vault uses, safe to log. */
    public String describeKeyService() {
        return keyService.describe();
    }

    /** Forgets cached data keys and releases the key service session. */
    @Override
    public void close() {
        cache.clear();
        keyService.close();
    }

    private static byte[] associatedData(SubjectId subject, Column column) {
        return ("custos.vault.v1/" + subject.value() + "/" + column).getBytes(StandardCharsets.US_ASCII);
    }

    /** A user principal is a subject: audit events name it by pseudonym, never by id. */
    private Principal auditPrincipal(Principal principal) {
        if (principal.kind() != Principal.Kind.USER) {
            return principal;
        }
        try {
            return new Principal(Principal.Kind.USER, pseudonym(new SubjectId(Long.parseLong(principal.id()))));
        } catch (IllegalArgumentException notASubjectId) {
            return new Principal(Principal.Kind.USER, "ps1:" + HEX.formatHex(keyService.pseudonymMac(
                    principal.id().getBytes(StandardCharsets.UTF_8)), 0, 16));
        }
    }
}

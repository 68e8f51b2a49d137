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
    /** Default length of the windows over which reads by {@link Principal.Kind#SERVICE} principals are summed. */
    public static final Duration DEFAULT_SERVICE_READ_WINDOW = Duration.ofSeconds(10);
    private static final byte[] BLIND_INDEX_DOMAIN = "custos.blind-index.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PSEUDONYM_DOMAIN = "custos.pseudonym.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EGRESS_PRF_DOMAIN = "custos.egress-prf.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private final KeyService keyService;
    private final DataKeyCache cache;
    private final DataKeys dataKeys;
    private final KekRotator rotator;
    private final ObjectKeys objectKeys;
    private final SubjectReferences references;
    private final PostgresAuditOutbox outbox;
    private final ServiceReadWindows serviceReads;
    private final Clock clock;

    Vault(KeyService keyService, DataSource dataSource, Clock clock, int cacheCapacity) {
        this(keyService, dataSource, clock, cacheCapacity, DEFAULT_SERVICE_READ_WINDOW);
    }

    Vault(KeyService keyService, DataSource dataSource, Clock clock, int cacheCapacity, Duration serviceReadWindow) {
        this.keyService = keyService;
        this.clock = clock;
        this.cache = new DataKeyCache(cacheCapacity, DATA_KEY_TTL, clock);
        this.outbox = new PostgresAuditOutbox(dataSource, clock);
        this.serviceReads = new ServiceReadWindows(dataSource, outbox, clock, serviceReadWindow);
        this.dataKeys = new DataKeys(dataSource, keyService, cache, outbox, this::pseudonym, clock);
        this.rotator = new KekRotator(dataSource, keyService, outbox, clock);
        this.objectKeys = new ObjectKeys(dataSource, keyService, outbox, clock);
        this.references = SubjectReferences.derive(keyService);
    }

    /**
     * Opens the vault: migrates the vault's tables, then connects to the key service (creating the local keyset or
     * the token keys on first use).
     *
     * @throws KeyServiceException if the key service cannot be reached or the master secret / PIN is wrong
     * @throws IllegalStateException if the vault's migrations fail
     */
    public static Vault open(VaultSettings settings, DataSource dataSource, Clock clock) {
        return open(settings, dataSource, clock, DEFAULT_SERVICE_READ_WINDOW);
    }

    /**
     * {@link #open(VaultSettings, DataSource, Clock)} with the length of the service-read aggregation window (see
     * {@link #noteServiceRead}).
     *
     * @throws IllegalArgumentException if {@code serviceReadWindow} is shorter than 1 ms
     */
    public static Vault open(VaultSettings settings, DataSource dataSource, Clock clock, Duration serviceReadWindow) {
        if (serviceReadWindow.toMillis() < 1) {
            throw new IllegalArgumentException("service read window must be at least 1 ms, got " + serviceReadWindow);
        }
        Migrations.apply(dataSource, "vault");
        KeyService keyService = switch (settings) {
            case VaultSettings.Local local -> LocalKeyService.open(local);
            case VaultSettings.Pkcs11 pkcs11 -> Pkcs11KeyService.open(pkcs11, clock);
        };
        return new Vault(keyService, dataSource, clock, settings.dataKeyCacheCapacity(), serviceReadWindow);
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
     * Opens a value sealed by {@link #seal}. Unless {@code context} is the subject reading their own data, the read
     * is accounted for durably first; if that fails nothing is decrypted. A {@link Principal.Kind#SERVICE} read is
     * counted in its aggregation window (see {@link #noteServiceRead}); any other read commits an
     * {@link AuditEvent.ProtectedRead} to the outbox.
     *
     * @throws AuditUnavailableException if the audit event could not be recorded (fail closed)
     * @throws SubjectShreddedException if the subject's data key was destroyed
     * @throws TamperedCiphertextException if the value does not authenticate for this subject and column
     */
    public byte[] open(AccessContext context, SubjectId subject, Column column, byte[] sealed) {
        if (context.principal().kind() == Principal.Kind.SERVICE) {
            serviceReads.note(context.principal(), context.purpose(), column, subject, 1);
        } else if (!context.isSelf(subject)) {
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
     * A keyed PRF for the egress gateway's pseudonyms: HMAC-SHA256 under the custodian's pseudonym key (which never
     * leaves the key service) of {@code "custos.egress-prf.v1\0" || recipient || 0x00 || keyVersion (4 bytes) ||
     * input}, 32 bytes. Distinct recipients and key versions give unrelated outputs, so two recipients cannot join
     * what they receive and a new version unlinks a recipient from its earlier outputs; the domain keeps the outputs
     * apart from {@link #pseudonym} and {@link #blindIndex}.
     *
     * @throws IllegalArgumentException if {@code recipient} is empty or contains NUL, or {@code keyVersion} is below 1
     */
    public byte[] egressPrf(String recipient, int keyVersion, byte[] input) {
        if (recipient.isEmpty() || recipient.indexOf('\0') >= 0 || keyVersion < 1) {
            throw new IllegalArgumentException("egress PRF needs a recipient without NUL and a key version >= 1");
        }
        byte[] name = recipient.getBytes(StandardCharsets.UTF_8);
        return keyService.pseudonymMac(ByteBuffer.allocate(EGRESS_PRF_DOMAIN.length + name.length + 1 + 4
                        + input.length)
                .put(EGRESS_PRF_DOMAIN).put(name).put((byte) 0).putInt(keyVersion).put(input).array());
    }

    /**
     * The pseudonyms engine release {@code releaseKey} sees users under (see {@link EnginePseudonyms}): a keyed
     * 63-bit number per subject, unrelated across release keys. The release's key is derived here ONCE through the
     * key service, as {@code HMAC-SHA256(pseudonym key, "custos.engine-pseudonym-key.v1\0" || releaseKey)}; the
     * returned object then computes pseudonyms in memory, so it costs one token operation per release however many
     * subjects it maps. Hold on to it for the release's life rather than calling this per subject.
     *
     * <p>A release key names a release and an epoch (for example {@code rel-0123456789abcdef/e1}); moving to a new
     * epoch rotates every pseudonym the engine sees, unlinking its new state from the old.
     *
     * @throws IllegalArgumentException if {@code releaseKey} is not 1 to 128 printable ASCII characters without spaces
     * @throws KeyServiceException if the key service cannot derive the key
     */
    public EnginePseudonyms enginePseudonyms(String releaseKey) {
        return EnginePseudonyms.fromDerivedKey(releaseKey,
                keyService.pseudonymMac(EnginePseudonyms.derivationInput(releaseKey)));
    }

    /**
     * A reference to {@code subject} for storage in {@code column} of a row that otherwise names its subject only by
     * a blind index (a watch event): the subject id sealed with AES-256-GCM (random IV) under the custodian's
     * reference key, with the column as associated data. Format {@code 0x02 || iv(12) || ciphertext(8) ||
     * tag(16)}, 37 bytes; the version byte {@code 0x02} is never a sealed value's. Opaque without the key service,
     * and two references to one subject differ, so a dump does not link rows by it.
     *
     * <p>The reference key is derived once, at open, from the blind-index key ({@code HMAC-SHA256(blind-index key,
     * "custos.reference-key.v1\0")}). That is acceptable because it never leaves the vault's process and only ever
     * protects opaque account ids, never a PROTECTED value; like the blind-index key it is not rotated.
     */
    public byte[] sealReference(Column column, SubjectId subject) {
        return references.seal(column, subject);
    }

    /**
     * The subject a {@link #sealReference} names. In memory, no round trip: replay opens a reference per stored event
     * instead of reversing the row's blind index by hashing every account.
     *
     * <p>Records no audit event, deliberately: a reference reveals only an opaque account id, which is EXCEPTED data;
     * the protected value it points to (the row's sealed watch) is opened through {@link #open} or
     * {@link #noteServiceReads} and accounted for there. A reference to a shredded subject still opens; what it
     * leads to does not.
     *
     * @throws TamperedCiphertextException if the reference was altered, truncated, or sealed for another column
     */
    public SubjectId openReference(Column column, byte[] reference) {
        return references.open(column, reference);
    }

    /**
     * A new key for a large sealed object (an engine's model snapshot), 32 random bytes wrapped by the KEK (associated
     * data binding id and purpose) and stored in {@code vault_keys.vault_object_keys}. Records an
     * {@link AuditEvent.KeyEvent} CREATED {@code obj:<purpose>:<id>} (no subject) in the same transaction.
     *
     * @param purpose a short label of what it seals, matching {@code [a-z][a-z0-9-]{0,62}}, such as
     *     {@code engine-snapshot}
     * @throws IllegalArgumentException if {@code purpose} is not such a label
     * @throws KeyServiceException if the key store or the key service is unavailable; no key was created
     */
    public ObjectKey newObjectKey(String purpose) {
        return objectKeys.create(purpose);
    }

    /**
     * Object key {@code id}, unwrapped; empty when it was destroyed (or never existed). Read from the key store on
     * every call (not cached), so a key destroyed by any node is gone at once.
     *
     * @throws KeyServiceException if the key store or the key service is unavailable, or the wrapped key does not
     *     authenticate for this id and purpose
     */
    public Optional<ObjectKey> objectKey(long id) {
        return objectKeys.find(id);
    }

    /**
     * Destroys object key {@code id}: its wrapped key is nulled and the row kept as a tombstone (the id is never
     * reused), with an {@link AuditEvent.KeyEvent} SHREDDED {@code obj:<purpose>:<id>} in the same transaction.
     * Everything sealed under it, every copy and backup, is unreadable from then on. Idempotent: destroying a
     * destroyed key changes nothing and records nothing.
     *
     * @throws IllegalArgumentException if there never was an object key {@code id}
     * @throws KeyServiceException if the key store is unavailable; nothing was destroyed
     */
    public void destroyObjectKey(long id) {
        objectKeys.destroy(id);
    }

    /**
     * {@link #open} of many values of one column of one subject, accounted for as ONE read of {@code sealed.size()}
     * values (one service-read count or one {@link AuditEvent.ProtectedRead}) before anything is decrypted, so that
     * bulk readers (the egress gateway's aggregates) cost one commit per subject rather than per value.
     *
     * @throws AuditUnavailableException if the read could not be accounted for; nothing is decrypted
     * @throws SubjectShreddedException if the subject's data key was destroyed
     * @throws TamperedCiphertextException if a value does not authenticate for this subject and column
     */
    public List<byte[]> openAll(AccessContext context, SubjectId subject, Column column, List<byte[]> sealed) {
        if (sealed.isEmpty()) {
            return List.of();
        }
        if (context.principal().kind() == Principal.Kind.SERVICE) {
            serviceReads.note(context.principal(), context.purpose(), column, subject, sealed.size());
        } else if (!context.isSelf(subject)) {
            outbox.appendDurably(new AuditEvent.ProtectedRead(auditPrincipal(context.principal()), context.purpose(),
                    List.of(column), List.of(pseudonym(subject)), sealed.size(), context.grant(), clock.instant()));
        }
        Optional<Aead> key = dataKeys.forOpen(subject);
        if (key.isEmpty()) {
            throw new TamperedCiphertextException(column, "no data key was ever created for this subject", null);
        }
        byte[] associatedData = associatedData(subject, column);
        List<byte[]> opened = new java.util.ArrayList<>(sealed.size());
        for (byte[] value : sealed) {
            if (value.length < 1 + 12 + 16 || value[0] != FORMAT_V1) {
                throw new TamperedCiphertextException(column, "not a version 1 sealed value", null);
            }
            try {
                opened.add(key.get().decrypt(java.util.Arrays.copyOfRange(value, 1, value.length), associatedData));
            } catch (GeneralSecurityException e) {
                throw new TamperedCiphertextException(column, "authentication failed", e);
            }
        }
        return opened;
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
     * <p>Events are checked first ({@link AuditEventCheck}): a subject must be a vault pseudonym
     * ({@link #pseudonym}), a {@link Principal.Kind#USER} principal named by its subject id is replaced by its
     * pseudonym, and an event names at most {@value AuditEventCheck#MAX_SUBJECTS} subjects.
     *
     * @throws IllegalArgumentException if the event names a subject by anything but a pseudonym; nothing is recorded
     * @throws AuditUnavailableException if it could not be committed; the caller must then not go on
     */
    public void record(AuditEvent event) {
        outbox.appendDurably(AuditEventCheck.checked(event, this::auditPrincipal));
    }

    /**
     * Inserts an audit event in the caller's transaction, so that it commits (or rolls back) together with the
     * change it describes.
     */
    public void record(java.sql.Connection connection, AuditEvent event) throws java.sql.SQLException {
        outbox.append(connection, AuditEventCheck.checked(event, this::auditPrincipal));
    }

    /**
     * Accounts for {@code count} values of {@code column} about {@code subject} that an automated service received
     * in plaintext without {@link #open} (for example watch events handed to the recommender as they are
     * ingested), exactly as {@code open} does for a service: summed per (principal, purpose, column) over the
     * service-read window, committed before returning, and logged as one {@link AuditEvent.ServiceReads} per
     * window once {@link #flushServiceReads} runs after the window closed. Distinct subjects are counted exactly.
     *
     * @throws IllegalArgumentException if {@code context} is not a {@link Principal.Kind#SERVICE} principal or
     *     {@code count} is below 1
     * @throws AuditUnavailableException if the count could not be committed; the caller must not use the data
     */
    public void noteServiceRead(AccessContext context, Column column, SubjectId subject, long count) {
        if (context.principal().kind() != Principal.Kind.SERVICE) {
            throw new IllegalArgumentException("only a service principal's reads are aggregated, got "
                    + context.principal().kind());
        }
        serviceReads.note(context.principal(), context.purpose(), column, subject, count);
    }

    /**
     * {@link #noteServiceRead} for many subjects at once, in ONE statement and one commit: for a batch of values of
     * {@code column} from many subjects handed to a service together (watch events of many viewers). The window's
     * counter grows by the summed count and by the number of subjects new to the window, exactly as the same calls
     * one by one would make it. An empty map counts nothing and costs nothing.
     *
     * @throws IllegalArgumentException if {@code context} is not a {@link Principal.Kind#SERVICE} principal, a count
     *     is below 1, or the counts sum past {@code Long.MAX_VALUE}; nothing is counted
     * @throws AuditUnavailableException if the counts could not be committed; the caller must not use the data
     */
    public void noteServiceReads(AccessContext context, Column column, java.util.Map<SubjectId, Long> countsBySubject) {
        if (context.principal().kind() != Principal.Kind.SERVICE) {
            throw new IllegalArgumentException("only a service principal's reads are aggregated, got "
                    + context.principal().kind());
        }
        serviceReads.noteAll(context.principal(), context.purpose(), column, countsBySubject);
    }

    /**
     * Records one {@link AuditEvent.ServiceReads} per (principal, purpose, column) of every service-read window that
     * closed (with a 2 s grace for reads in flight) and forgets the window's counters, in one transaction. The
     * transparency log's relay calls it on every poll; safe to call from several nodes at once.
     *
     * @return how many events were recorded
     * @throws AuditUnavailableException if the database is unreachable; nothing is lost, call again later
     */
    public int flushServiceReads() {
        int flushed = serviceReads.flushClosed();
        if (flushed > 0) {
            outbox.committed();
        }
        return flushed;
    }

    /**
     * Calls {@code listener} (quickly, on the committing thread) after this vault commits audit events on its own:
     * the transparency log's relay uses it to wake up at once instead of waiting for its next poll. Events recorded
     * in a caller's transaction ({@link #record(java.sql.Connection, AuditEvent)}) are found by the next poll.
     */
    public void addAuditListener(Runnable listener) {
        outbox.addListener(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** The length of the service-read aggregation window. */
    public Duration serviceReadWindow() {
        return serviceReads.window();
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
        if (principal.kind() != Principal.Kind.USER || AuditEventCheck.isPseudonym(principal.id())) {
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

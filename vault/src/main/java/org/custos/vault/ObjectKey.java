package org.custos.vault;

import com.google.crypto.tink.StreamingAead;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A key for one large sealed object (an engine's model snapshot), which the custodian can destroy
 * ({@link Vault#destroyObjectKey}): once destroyed, every copy of what it sealed, backups included, is unreadable.
 *
 * <p>The key is Tink's streaming AEAD {@code AES256_GCM_HKDF_1MB}: AES-256-GCM over 1 MiB segments, each
 * authenticated with its index and an end-of-stream flag, under a key HKDF-derived per stream from the object key
 * and a random salt. The caller binds each stream to what it holds through the associated data (for example the
 * snapshot's name). The key material is 32 random bytes, stored only wrapped by the KEK in
 * {@code vault_keys.vault_object_keys}; it exists in clear only inside {@link #streamingAead()}.
 *
 * <p>{@link #toString()} names the key ({@link #keyId()}) and nothing of its material.
 */
public final class ObjectKey {
    /** A purpose label: lower case, digits and dashes, for example {@code engine-snapshot}. */
    static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private final long id;
    private final String purpose;
    private final StreamingAead streamingAead;

    ObjectKey(long id, String purpose, StreamingAead streamingAead) {
        if (id < 1) {
            throw new IllegalArgumentException("object key ids are positive, got " + id);
        }
        this.id = id;
        this.purpose = checkedPurpose(purpose);
        this.streamingAead = Objects.requireNonNull(streamingAead, "streamingAead");
    }

    static String checkedPurpose(String purpose) {
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("an object key purpose is a short label matching " + PURPOSE.pattern()
                    + ", for example engine-snapshot");
        }
        return purpose;
    }

    /** The key's number in the key store; never reused, also after the key is destroyed. */
    public long id() {
        return id;
    }

    /** What the key seals, a short label such as {@code engine-snapshot}. */
    public String purpose() {
        return purpose;
    }

    /** The key's name in key events of the transparency log: {@code obj:<purpose>:<id>}. */
    public String keyId() {
        return keyId(purpose, id);
    }

    static String keyId(String purpose, long id) {
        return "obj:" + purpose + ":" + id;
    }

    /**
     * The primitive to seal and open streams with. Encrypting streams ({@code newEncryptingStream},
     * {@code newEncryptingChannel}) write a header and segments; decrypting ones authenticate every segment they
     * read and fail with an {@link java.io.IOException} on any altered, truncated or reordered byte.
     */
    public StreamingAead streamingAead() {
        return streamingAead;
    }

    @Override
    public String toString() {
        return "ObjectKey[" + keyId() + ", key=redacted]";
    }
}

package org.custos.vault;

/**
 * The custodian's root of trust: wraps and unwraps data keys under the key-encryption key (KEK) and computes the
 * keyed hashes behind blind indexes and pseudonyms. The KEK and the hash keys never leave it in the clear (the local
 * service keeps them in an encrypted keyset file; the PKCS#11 service keeps them on the token).
 *
 * <p>Implementations are thread-safe. {@link #wrap} always uses the primary KEK version; {@link #unwrap} accepts
 * every version the service still holds, which is what makes rotation possible without downtime.
 */
sealed interface KeyService extends AutoCloseable permits LocalKeyService, Pkcs11KeyService {

    /** A data key wrapped under KEK {@code kekVersion}. */
    record WrappedKey(int kekVersion, byte[] bytes) {
    }

    int primaryKekVersion();

    /** Wraps {@code dataKey} under the primary KEK, binding {@code associatedData}. */
    WrappedKey wrap(byte[] dataKey, byte[] associatedData);

    /**
     * Unwraps a key wrapped under {@code kekVersion}.
     *
     * @throws KeyServiceException if that version is unknown or the wrapped bytes do not authenticate
     */
    byte[] unwrap(int kekVersion, byte[] wrapped, byte[] associatedData);

    /** Creates a new KEK version, makes it primary and returns it; earlier versions still unwrap. */
    int rotate();

    /** Every KEK version the service holds, ascending. */
    java.util.List<Integer> kekVersions();

    /**
     * Destroys KEK version {@code version} for good. Refuses the primary version. The caller has checked that no data
     * key is still wrapped under it.
     */
    void destroyKek(int version);

    /** HMAC-SHA256 under the blind-index key. */
    byte[] blindIndexMac(byte[] input);

    /** HMAC-SHA256 under the pseudonym key. */
    byte[] pseudonymMac(byte[] input);

    /** A description safe to log: kind and location, no secrets. */
    String describe();

    @Override
    void close();
}

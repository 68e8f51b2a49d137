package org.custos.release;

import java.security.PublicKey;

/**
 * The custodian's release signing key: Ed25519, used only to sign approval statements (DSSE PAE bytes). The
 * private key never leaves the implementation; {@link #toString()} reveals nothing of it.
 */
public interface ReleaseSigner {

    PublicKey publicKey();

    /** The key id statements carry: hex SHA-256 of the public key's SubjectPublicKeyInfo ({@link ReleaseKeys}). */
    default String keyId() {
        return ReleaseKeys.keyId(publicKey());
    }

    /** An Ed25519 signature (64 bytes) over {@code message}. */
    byte[] sign(byte[] message);

    /**
     * Opens the key {@code settings} name; a local key file is created on first use.
     *
     * @throws ReleaseSigningException naming the file or token and what is wrong
     */
    static ReleaseSigner open(SigningKeySettings settings) {
        return switch (settings) {
            case SigningKeySettings.Local local -> LocalReleaseKey.openOrCreate(local);
            case SigningKeySettings.Pkcs11 pkcs11 -> Pkcs11ReleaseKey.open(pkcs11);
        };
    }
}

package org.custos.vault;

/**
 * The key service (keyset file or PKCS#11 token) or the key store could not do what was asked: wrong master secret,
 * token unreachable or logged out, key file unreadable, unknown KEK version. At start-up this stops the server; at
 * run time callers answer 503.
 */
public final class KeyServiceException extends VaultException {
    public KeyServiceException(String message, Throwable cause) {
        super(message, cause);
    }

    public KeyServiceException(String message) {
        super(message);
    }
}

package org.custos.release;

/** The release signing key cannot be opened, created or used; the message says which file or token and why. */
public final class ReleaseSigningException extends RuntimeException {
    public ReleaseSigningException(String message) {
        super(message);
    }

    public ReleaseSigningException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.custos.tlog;

/**
 * The log cannot take or answer the call: it is closed, or its storage failed and it stopped rather than risk an
 * inconsistent checkpoint. The cause says which.
 */
public final class LogUnavailableException extends RuntimeException {

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public LogUnavailableException(String message) {
        super(message);
    }
}

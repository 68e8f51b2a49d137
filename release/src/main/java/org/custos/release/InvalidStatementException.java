package org.custos.release;

/** A DSSE envelope or in-toto statement that is malformed, or whose signature does not verify; says why. */
public final class InvalidStatementException extends Exception {
    public InvalidStatementException(String message) {
        super(message);
    }

    public InvalidStatementException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.custos.tlog.entry;

/** Bytes that are not a canonical audit entry of a supported version. */
public final class MalformedEntryException extends Exception {

    public MalformedEntryException(String message) {
        super(message);
    }

    public MalformedEntryException(String message, Throwable cause) {
        super(message, cause);
    }
}

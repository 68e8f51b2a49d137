package org.custos.recsys.api.wire;

/**
 * Bytes that are not a frame of this protocol: an unknown type, a bad length, a field out of range, trailing
 * bytes. The peer that sent them is broken or hostile; the connection cannot continue.
 */
public final class MalformedFrameException extends Exception {

    /** Why, as a short code for logs and incidents. */
    public enum Kind { OVERSIZED, UNKNOWN_TYPE, MALFORMED }

    private final Kind kind;

    public MalformedFrameException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MalformedFrameException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

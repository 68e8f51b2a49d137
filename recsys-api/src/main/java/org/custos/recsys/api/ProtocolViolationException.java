package org.custos.recsys.api;

/**
 * The algorithm broke the protocol: a malformed or oversized frame, an answer to a request never made, an answer
 * of the wrong kind or longer than asked, or it closed its output. The connection is dead from then on; the host
 * stops the process and records an incident with {@link #reason()}.
 */
public final class ProtocolViolationException extends RuntimeException {

    /** Incident codes, as they appear in the transparency log. */
    public enum Reason {
        MALFORMED_FRAME("malformed-frame"),
        OVERSIZED_FRAME("oversized-frame"),
        UNEXPECTED_ANSWER("unexpected-answer"),
        OVERLONG_ANSWER("overlong-answer"),
        WRONG_VERSION("wrong-protocol-version"),
        CLOSED("engine-closed");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public ProtocolViolationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ProtocolViolationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

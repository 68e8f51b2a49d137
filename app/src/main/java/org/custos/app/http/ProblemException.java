package org.custos.app.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request that cannot be served, typed by what the client must do. {@link ProblemResponder} turns it into an
 * RFC 9457 problem document. The detail is shown to the client, so it MUST NOT contain secrets, tokens, email
 * addresses or any other value taken from the request.
 */
public final class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final String detail;
    private final List<FieldError> errors;
    private final Duration retryAfter;

    private ProblemException(ProblemType type, String detail, List<FieldError> errors, Duration retryAfter,
                             Throwable cause) {
        super(type.name() + ": " + detail, cause);
        this.type = Objects.requireNonNull(type, "type");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static ProblemException of(ProblemType type, String detail) {
        return new ProblemException(type, detail, List.of(), null, null);
    }

    public static ProblemException of(ProblemType type, String detail, Throwable cause) {
        return new ProblemException(type, detail, List.of(), null, cause);
    }

    public static ProblemException invalid(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation problem needs at least one field error");
        }
        return new ProblemException(ProblemType.VALIDATION, "One or more fields are invalid.", errors, null, null);
    }

    public static ProblemException duplicate(String field, String message) {
        return new ProblemException(ProblemType.DUPLICATE, message, List.of(new FieldError(field, message)), null,
                null);
    }

    /** 429 or 503: the client should wait at least {@code retryAfter} before trying again. */
    public static ProblemException pushback(ProblemType type, String detail, Duration retryAfter) {
        if (type.status() != 429 && type.status() != 503) {
            throw new IllegalArgumentException("pushback is only for 429 or 503 problems, not " + type);
        }
        return new ProblemException(type, detail, List.of(), Objects.requireNonNull(retryAfter), null);
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

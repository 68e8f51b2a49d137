package org.custos.lockbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A lockbox call that cannot be served, typed by what the caller must do; {@link ProblemResponder} turns it into an
 * RFC 9457 document. The detail is shown to the client: it MUST NOT carry personal data or secrets.
 */
final class LockboxProblem extends RuntimeException {
    private final ProblemType type;
    private final String detail;
    private final List<Map<String, String>> errors;

    private LockboxProblem(ProblemType type, String detail, List<Map<String, String>> errors, Throwable cause) {
        super(type.name() + ": " + detail, cause);
        this.type = Objects.requireNonNull(type, "type");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.errors = List.copyOf(errors);
    }

    static LockboxProblem of(ProblemType type, String detail) {
        return new LockboxProblem(type, detail, List.of(), null);
    }

    static LockboxProblem of(ProblemType type, String detail, Throwable cause) {
        return new LockboxProblem(type, detail, List.of(), cause);
    }

    /** A 400 naming each bad field; {@code errors} maps field to rule, in order. */
    static LockboxProblem invalid(Map<String, String> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation problem needs at least one field error");
        }
        return new LockboxProblem(ProblemType.VALIDATION, "One or more fields are invalid.",
                errors.entrySet().stream().map(e -> Map.of("field", e.getKey(), "message", e.getValue())).toList(),
                null);
    }

    ProblemType type() {
        return type;
    }

    String detail() {
        return detail;
    }

    List<Map<String, String>> errors() {
        return errors;
    }
}

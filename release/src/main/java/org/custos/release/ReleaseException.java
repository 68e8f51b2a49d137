package org.custos.release;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A release call that cannot be served, typed by {@link #problem()}; the HTTP routes answer it as an RFC 9457
 * document. The detail is shown to the client: it never carries secrets, notes or findings. Nothing was changed.
 */
public final class ReleaseException extends RuntimeException {
    private final ReleaseProblem problem;
    private final String detail;
    private final List<Map<String, String>> errors;
    private final Map<String, Object> extensions;

    private ReleaseException(ReleaseProblem problem, String detail, List<Map<String, String>> errors,
                             Map<String, Object> extensions, Throwable cause) {
        super(problem.slug() + ": " + detail, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    static ReleaseException of(ReleaseProblem problem, String detail) {
        return new ReleaseException(problem, detail, List.of(), Map.of(), null);
    }

    static ReleaseException of(ReleaseProblem problem, String detail, Throwable cause) {
        return new ReleaseException(problem, detail, List.of(), Map.of(), cause);
    }

    /** A problem with extension members (for example the differing jar entries of a rebuild). */
    static ReleaseException withExtensions(ReleaseProblem problem, String detail, Map<String, Object> extensions) {
        return new ReleaseException(problem, detail, List.of(), extensions, null);
    }

    /** A 400 naming each bad field; {@code errors} maps field to rule, in order. */
    static ReleaseException invalid(Map<String, String> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation problem needs at least one field error");
        }
        return new ReleaseException(ReleaseProblem.VALIDATION, "One or more fields are invalid.",
                errors.entrySet().stream().map(e -> Map.of("field", e.getKey(), "message", e.getValue())).toList(),
                Map.of(), null);
    }

    public ReleaseProblem problem() {
        return problem;
    }

    public String detail() {
        return detail;
    }

    /** For {@link ReleaseProblem#VALIDATION}: each bad field and its rule. */
    public List<Map<String, String>> errors() {
        return errors;
    }

    /** Further members of the problem document (evidence), empty for most problems. */
    public Map<String, Object> extensions() {
        return extensions;
    }
}

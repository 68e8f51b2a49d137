package org.custos.lockbox;

/**
 * The lockbox's RFC 9457 problem types. The shared ones ({@code validation}, {@code unauthenticated}, ...) are the
 * app's, with the same meaning; the lockbox adds the ones about requests and grants.
 */
enum ProblemType {
    VALIDATION(400, "validation", "The request has invalid fields"),
    MALFORMED_JSON(400, "malformed-json", "The body is not one JSON object"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication is required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    SELF_APPROVAL(403, "self-approval", "A requester cannot approve their own request"),
    NO_GRANT(403, "no-grant", "No valid access grant covers this read"),
    NOT_FOUND(404, "not-found", "Not found"),
    REQUEST_CLOSED(409, "request-closed", "The request is not in a state that allows this"),
    ALREADY_APPROVED(409, "already-approved", "This approver has already approved the request"),
    GONE(410, "gone", "The subject's data was erased"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body must be application/json"),
    UNAVAILABLE(503, "unavailable", "A dependency is unavailable");

    static final String BASE = "https://custos.dev/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    int status() {
        return status;
    }

    String uri() {
        return BASE + slug;
    }

    String title() {
        return title;
    }
}

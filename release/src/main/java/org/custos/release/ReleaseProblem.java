package org.custos.release;

/**
 * What went wrong with a release call, typed by what the caller must do. Over HTTP each becomes an RFC 9457 problem
 * document of type {@code https://custos.dev/problems/<slug>} with {@link #status()}.
 */
public enum ReleaseProblem {
    VALIDATION(400, "validation", "The request has invalid fields"),
    MALFORMED_JSON(400, "malformed-json", "The body is not one JSON object"),
    INVALID_ARTIFACT(400, "invalid-artifact", "The artifact is not a bundle this host can run"),
    INVALID_SOURCE(400, "invalid-source", "The source archive is not a buildable archive"),
    DIGEST_MISMATCH(400, "digest-mismatch", "The bytes do not have the digest they were sent under"),
    UNAUTHENTICATED(401, "unauthenticated", "Authentication is required"),
    FORBIDDEN(403, "forbidden", "Not allowed"),
    SELF_REVIEW(403, "self-review", "A submitter cannot review their own release"),
    NOT_FOUND(404, "not-found", "Not found"),
    SUBMISSION_CONFLICT(409, "submission-conflict", "This artifact was submitted with another source archive"),
    RELEASE_CLOSED(409, "release-closed", "The release is not in a state that allows this"),
    ALREADY_REVIEWED(409, "already-reviewed", "This reviewer has already reviewed the release"),
    REBUILD_MISMATCH(409, "rebuild-mismatch", "The rebuilt artifact differs from the submitted one"),
    REBUILD_FAILED(409, "rebuild-failed", "The source archive did not rebuild"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body has the wrong media type"),
    UNAVAILABLE(503, "unavailable", "A dependency is unavailable");

    static final String BASE = "https://custos.dev/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ReleaseProblem(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** The HTTP status it answers with. */
    public int status() {
        return status;
    }

    /** The problem type's last path segment, e.g. {@code rebuild-mismatch}. */
    public String slug() {
        return slug;
    }

    public String uri() {
        return BASE + slug;
    }

    public String title() {
        return title;
    }
}

package org.custos.app.http;

import java.net.URI;

/**
 * The stable list of problem types the app API answers with (RFC 9457). Clients switch on {@link #uri()}; the
 * URIs, statuses and titles are part of the public API (docs/api.md) and MUST NOT change meaning once published.
 */
public enum ProblemType {
    VALIDATION("validation", 400, "The request has invalid fields"),
    MALFORMED_JSON("malformed-json", 400, "The request body is not a JSON object"),
    MALFORMED_REQUEST("malformed-request", 400, "The request is malformed"),
    UNAUTHENTICATED("unauthenticated", 401, "A valid bearer token is required"),
    INVALID_CREDENTIALS("invalid-credentials", 401, "The credentials are not valid"),
    FORBIDDEN("forbidden", 403, "The principal may not do this"),
    NOT_FOUND("not-found", 404, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "The method is not allowed on this resource"),
    DUPLICATE("duplicate", 409, "A unique value is already taken"),
    GONE("gone", 410, "The data was erased"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The request body must be application/json"),
    UNSUPPORTED_VIDEO("unsupported-video", 415, "The media is not a supported video container (MP4 or WebM)"),
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", 416, "The requested range is outside the media"),
    RATE_LIMITED("rate-limited", 429, "Too many attempts; retry later"),
    INTERNAL("internal", 500, "Internal error"),
    OVERLOADED("overloaded", 503, "The service is overloaded; retry later"),
    UNAVAILABLE("unavailable", 503, "A service the request needs is unavailable; retry later");

    /** Every problem type URI starts with this. */
    public static final String BASE = "https://custos.dev/problems/";

    private final URI uri;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.uri = URI.create(BASE + slug);
        this.status = status;
        this.title = title;
    }

    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem type that stands for a bare HTTP status raised by the web server itself. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 416 -> RANGE_NOT_SATISFIABLE;
            case 429 -> RATE_LIMITED;
            case 503 -> OVERLOADED;
            default -> status >= 400 && status < 500 ? MALFORMED_REQUEST : INTERNAL;
        };
    }
}

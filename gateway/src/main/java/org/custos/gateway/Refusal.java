package org.custos.gateway;

/**
 * Why the gateway answered with an RFC 9457 problem instead of data. The type URIs share the app's base
 * ({@code https://custos.dev/problems/}) and are part of the API (docs/gateway.md).
 */
enum Refusal {
    INVALID_REQUEST("egress-invalid-request", 400, "The flow request is malformed", false),
    UNAUTHENTICATED("unauthenticated", 401, "Authentication required", false),
    NOT_AN_OWNER("egress-not-a-recipient", 403, "Only the owner's operators receive flows", true),
    NOT_A_CUSTODIAN("forbidden", 403, "Only a custodian administrator publishes policies", false),
    FLOW_NOT_DECLARED("egress-flow-not-declared", 403, "No such flow is declared", true),
    RECIPIENT_NOT_DECLARED("egress-recipient-not-declared", 403, "The flow is not declared for this recipient", true),
    FIELD_NOT_DECLARED("egress-field-not-declared", 403, "A requested field is not declared for this flow", true),
    POLICY_DENIED("egress-policy-denied", 403, "The policy set denies this request", true),
    BUDGET_EXHAUSTED("egress-budget-exhausted", 403, "The recipient's privacy budget is exhausted", true),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The request body must be application/json", false),
    INVALID_POLICY("egress-invalid-policy", 422, "The policy set cannot take effect", false),
    UNAVAILABLE("unavailable", 503, "A service the request needs is unavailable; retry later", false);

    static final String BASE = "https://custos.dev/problems/";

    private final String slug;
    private final int status;
    private final String title;
    private final boolean logged;

    Refusal(String slug, int status, String title, boolean logged) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.logged = logged;
    }

    String type() {
        return BASE + slug;
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    /**
     * The code a flow record names as its reason, such as {@code field-not-declared}: a fixed label, never the
     * detail, which may quote the request.
     */
    String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether the refusal is a flow denial that the transparency log records. */
    boolean logged() {
        return logged;
    }

    /** The refusal with a detail for the caller; the detail never contains personal data. */
    EgressRefusedException because(String detail) {
        return new EgressRefusedException(this, detail);
    }
}

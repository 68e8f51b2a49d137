package org.custos.gateway;

/** A request the gateway refuses; becomes an RFC 9457 problem in {@link EgressRoutes}. */
final class EgressRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Refusal refusal;

    EgressRefusedException(Refusal refusal, String detail) {
        super(detail);
        this.refusal = refusal;
    }

    Refusal refusal() {
        return refusal;
    }

    String detail() {
        return getMessage();
    }
}

package org.custos.gateway;

/** The gateway's database (or the audit path behind it) did not answer; nothing was delivered. Retry later (503). */
public final class GatewayUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GatewayUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.custos.gateway;

/**
 * A policy set that cannot take effect: a malformed file, a declaration that breaks the data-class rules, or Cedar
 * text that does not parse. The message names the file and what to fix; the active policy set is unchanged.
 */
public final class InvalidPolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidPolicyException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}

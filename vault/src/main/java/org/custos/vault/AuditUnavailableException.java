package org.custos.vault;

/**
 * The audit event for a read could not be made durable, so the read was refused (fail closed). Transient: callers
 * answer 503 with Retry-After.
 */
public final class AuditUnavailableException extends VaultException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.custos.vault;

/**
 * The vault's failures, typed by what the caller must do. Messages name columns, files, lines and key versions,
 * never plaintext, key material or raw subject identifiers beyond what the caller already passed in.
 */
public abstract sealed class VaultException extends RuntimeException
        permits AuditUnavailableException, DataClassDeclarationException, KeyServiceException,
                SubjectShreddedException, TamperedCiphertextException, UnclassifiedColumnException {

    VaultException(String message) {
        super(message);
    }

    VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}

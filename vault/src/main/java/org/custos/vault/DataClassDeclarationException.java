package org.custos.vault;

/** A {@code data-classes.tsv} file is missing or malformed; the message names the file and line. */
public final class DataClassDeclarationException extends VaultException {
    public DataClassDeclarationException(String message) {
        super(message);
    }

    public DataClassDeclarationException(String message, Throwable cause) {
        super(message, cause);
    }
}

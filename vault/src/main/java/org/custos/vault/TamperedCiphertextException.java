package org.custos.vault;

/**
 * A sealed value failed authentication: it was altered, truncated, or copied from another subject or column. Never
 * retried; callers answer with a server error and raise an integrity alert.
 */
public final class TamperedCiphertextException extends VaultException {
    private final Column column;

    public TamperedCiphertextException(Column column, String reason, Throwable cause) {
        super("sealed value in " + column + " does not authenticate (" + reason + ")", cause);
        this.column = column;
    }

    public Column column() {
        return column;
    }
}

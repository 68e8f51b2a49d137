package org.custos.vault;

import java.util.List;

/**
 * The live schema and the data-class declarations disagree: a column exists without a class, or a declared column
 * does not exist. The server refuses to start; the fix is a line in the owning module's {@code data-classes.tsv} (or
 * removing a stale one).
 */
public final class UnclassifiedColumnException extends VaultException {
    private final List<Column> unclassified;
    private final List<Column> missing;

    public UnclassifiedColumnException(List<Column> unclassified, List<Column> missing) {
        super(message(unclassified, missing));
        this.unclassified = List.copyOf(unclassified);
        this.missing = List.copyOf(missing);
    }

    /** Columns in the database that no module declares. */
    public List<Column> unclassified() {
        return unclassified;
    }

    /** Columns declared in a {@code data-classes.tsv} that the database does not have. */
    public List<Column> missing() {
        return missing;
    }

    private static String message(List<Column> unclassified, List<Column> missing) {
        StringBuilder text = new StringBuilder();
        if (!unclassified.isEmpty()) {
            text.append("columns without a data class: ").append(unclassified)
                    .append(" (declare each in its module's db/<module>/data-classes.tsv)");
        }
        if (!missing.isEmpty()) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append("declared columns missing from the database: ").append(missing);
        }
        return text.toString();
    }
}

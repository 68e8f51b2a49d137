package org.custos.vault;

import java.util.regex.Pattern;

/**
 * A column of the schema, named as {@code table.column}. Sealed values are bound to their column (it is part of
 * the AEAD associated data), so a ciphertext copied into another column or another subject's row does not open.
 */
public record Column(String table, String column) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public Column {
        if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(column).matches()) {
            throw new IllegalArgumentException("not a lower-case SQL identifier pair: " + table + "." + column);
        }
    }

    public static Column of(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("expected table.column, got " + qualified);
        }
        return new Column(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    @Override
    public String toString() {
        return table + "." + column;
    }
}

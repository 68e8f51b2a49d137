package org.custos.tlog.entry;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the labelled fields of a format 2 entry may hold. The patterns follow the vault's own (principal, purpose,
 * column), so every event the vault accepted has an entry; where a subject could hide in a label, the pattern
 * leaves it no room: a user principal is named by its pseudonym, never by an account id.
 */
final class EntryFields {
    private static final Pattern PRINCIPAL =
            Pattern.compile("user:ps1:[0-9a-f]{32}|(operator|service):[A-Za-z0-9._:@-]{1,128}");
    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]{0,62}\\.[a-z_][a-z0-9_]{0,62}");

    private EntryFields() {}

    static String principal(String value) {
        if (!PRINCIPAL.matcher(value).matches()) {
            throw new IllegalArgumentException("a principal must be user:<pseudonym>, operator:<id> or service:<name>"
                    + " (a user is never named by account id)");
        }
        return value;
    }

    static String purpose(String value) {
        if (!PURPOSE.matcher(value).matches()) {
            throw new IllegalArgumentException("a purpose must match " + PURPOSE.pattern());
        }
        return value;
    }

    static List<String> columns(List<String> columns, boolean mayBeEmpty) {
        List<String> copy = List.copyOf(columns);
        if (!mayBeEmpty && copy.isEmpty()) {
            throw new IllegalArgumentException("at least one column");
        }
        for (String column : copy) {
            if (!COLUMN.matcher(column).matches()) {
                throw new IllegalArgumentException("a column must be table.column in lower case");
            }
        }
        return copy;
    }

    static List<Pseudonym> subjects(List<Pseudonym> subjects) {
        List<Pseudonym> copy = List.copyOf(subjects);
        for (Pseudonym subject : copy) {
            if (!subject.isVaultPseudonym()) {
                throw new IllegalArgumentException("format 2 entries name subjects by vault pseudonym ps1:<32 hex>");
            }
        }
        return copy;
    }

    static String label(String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    static long eventId(long eventId) {
        if (eventId < 1) {
            throw new IllegalArgumentException("event ids (outbox positions) start at 1, got " + eventId);
        }
        return eventId;
    }

    static long count(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }
}

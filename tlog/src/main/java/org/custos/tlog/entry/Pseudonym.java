package org.custos.tlog.entry;

import java.util.regex.Pattern;

/**
 * A keyed pseudonym of a data subject: an HMAC of the subject's identifier under a key the log never sees. Two forms
 * are accepted:
 *
 * <ul>
 *   <li>{@code ps1:} and 32 lower-case hex digits: the vault's pseudonym (128 bits of HMAC-SHA256), written by every
 *       format 2 entry;
 *   <li>{@code psn:} and 22 to 86 base64url characters: the form of format 1 entries, still readable.
 * </ul>
 *
 * The strict forms make it impossible to put a raw identifier, e-mail address or name where a subject belongs (a
 * numeric account id has at most 19 digits, never 32).
 */
public record Pseudonym(String value) {

    private static final Pattern FORMAT = Pattern.compile("ps1:[0-9a-f]{32}|psn:[A-Za-z0-9_-]{22,86}");
    private static final Pattern VAULT_FORMAT = Pattern.compile("ps1:[0-9a-f]{32}");

    public Pseudonym {
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a subject must be a keyed pseudonym (ps1:<32 hex digits> or psn:<22-86 base64url chars>)");
        }
    }

    /** True for the vault's form {@code ps1:<32 hex digits>}, the only one format 2 entries carry. */
    public boolean isVaultPseudonym() {
        return VAULT_FORMAT.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}

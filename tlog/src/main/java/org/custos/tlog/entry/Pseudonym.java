package org.custos.tlog.entry;

import java.util.regex.Pattern;

/**
 * A keyed pseudonym of a data subject: {@code psn:} followed by 22 to 86 base64url characters (an HMAC of the
 * subject's identifier under a key the log never sees). The format makes it impossible to put a raw identifier,
 * e-mail address or name where a subject belongs.
 */
public record Pseudonym(String value) {

    private static final Pattern FORMAT = Pattern.compile("psn:[A-Za-z0-9_-]{22,86}");

    public Pseudonym {
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a subject must be a keyed pseudonym psn:<22-86 base64url chars>");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

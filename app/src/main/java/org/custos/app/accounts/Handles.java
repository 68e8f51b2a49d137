package org.custos.app.accounts;

import java.util.regex.Pattern;

/** The handle rule of docs/api.md (3 to 30 letters, digits or underscores), for every route that takes a handle. */
public final class Handles {
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9_]{3,30}");

    private Handles() {
    }

    /** Whether {@code value}, as sent (before lower-casing), is a well-formed handle. */
    public static boolean wellFormed(String value) {
        return HANDLE.matcher(value).matches();
    }
}

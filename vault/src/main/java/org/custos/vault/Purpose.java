package org.custos.vault;

import java.util.regex.Pattern;

/** Why protected data is read: a short machine-readable name such as {@code support.debug-account}. */
public record Purpose(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    /** The subject reading their own data. */
    public static final Purpose SELF = new Purpose("self");

    public Purpose {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("purpose must match " + NAME.pattern() + ", got '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

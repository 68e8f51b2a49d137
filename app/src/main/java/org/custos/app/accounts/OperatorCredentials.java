package org.custos.app.accounts;

import java.util.Objects;
import java.util.Set;

/**
 * A new operator's name, roles and one-time password, returned once by {@link Operators} to be shown to the person
 * who will use it. The password is not stored anywhere in clear; {@link #toString()} never shows it, so the value
 * can be logged by mistake without leaking it.
 */
public record OperatorCredentials(String name, Set<Role> roles, String password) {
    public OperatorCredentials {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        roles = Set.copyOf(roles);
    }

    @Override
    public String toString() {
        return "OperatorCredentials[name=" + name + ", roles=" + roles + ", password=(redacted)]";
    }
}

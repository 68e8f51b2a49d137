package org.custos.release;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.custos.vault.Principal;

/**
 * Who sent a release request, as proven by their bearer token: a principal and its release roles. Only
 * {@link Principal.Kind#OPERATOR} principals use the release routes; anyone else is refused with 403.
 */
public record Caller(Principal principal, Set<ReleaseRole> roles) {
    public Caller {
        Objects.requireNonNull(principal, "principal");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    boolean isOperator() {
        return principal.kind() == Principal.Kind.OPERATOR;
    }

    boolean has(ReleaseRole role) {
        return isOperator() && roles.contains(role);
    }
}

package org.custos.lockbox;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.custos.vault.Principal;

/**
 * Who sent a lockbox request, as proven by their bearer token: a principal and its lockbox roles. Only
 * {@link Principal.Kind#OPERATOR} principals may use the lockbox; anyone else is refused with 403.
 */
public record Caller(Principal principal, Set<LockboxRole> roles) {
    public Caller {
        Objects.requireNonNull(principal, "principal");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    boolean isOperator() {
        return principal.kind() == Principal.Kind.OPERATOR;
    }

    boolean has(LockboxRole role) {
        return isOperator() && roles.contains(role);
    }
}

package org.custos.app.accounts;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.custos.vault.Principal;

/**
 * An operator, authenticated by an operator token. The principal id is {@code operator-<id>}: stable, and not the
 * operator's name, so audit records stay valid if a name is ever reused.
 */
public record AuthenticatedOperator(long operatorId, String name, Set<Role> roles, Instant expiresAt)
        implements Authenticated {
    public AuthenticatedOperator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (operatorId <= 0) {
            throw new IllegalArgumentException("operator id must be positive, got " + operatorId);
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    @Override
    public Principal principal() {
        return Principal.operator("operator-" + operatorId);
    }

    public boolean hasAnyOf(Set<Role> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}

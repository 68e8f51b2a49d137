package org.custos.gateway;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An authenticated operator calling the gateway.
 *
 * @param principalId the opaque principal id the audit trail names (for example {@code operator-7})
 * @param name the operator's login name, which flow declarations and Cedar policies name as the recipient
 * @param roles what the operator may do at the gateway
 */
public record Caller(String principalId, String name, Set<Role> roles) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{2,63}");

    /** The roles the gateway distinguishes; the server maps the app's operator roles onto them. */
    public enum Role {
        /** Publishes policies. */
        CUSTODIAN,
        /** Receives flows, as far as the declarations and policies allow. */
        OWNER,
        /** Reads the published policies. */
        REGULATOR
    }

    public Caller {
        Objects.requireNonNull(principalId, "principalId");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("operator name must match " + NAME.pattern());
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    boolean has(Role role) {
        return roles.contains(role);
    }
}

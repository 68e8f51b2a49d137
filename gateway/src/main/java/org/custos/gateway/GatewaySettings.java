package org.custos.gateway;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How the gateway starts.
 *
 * @param policyDirectory the custodian's policy files; when present they are published at start-up if they differ
 *     from the set in force. When absent, the bundled set is published only if no set is in force yet.
 */
public record GatewaySettings(Optional<Path> policyDirectory) {
    public GatewaySettings {
        java.util.Objects.requireNonNull(policyDirectory, "policyDirectory");
    }

    /** The bundled policy set, and whatever the custodian publishes over HTTP later. */
    public static GatewaySettings defaults() {
        return new GatewaySettings(Optional.empty());
    }
}

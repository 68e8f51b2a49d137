package org.custos.gateway;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.custos.vault.Principal;

/**
 * The policy set in force, cached parsed. Each call asks the database for the current version (one indexed query)
 * and re-parses only when it changed, so a publication on any node takes effect on every node at its next call.
 */
final class Policies {
    private final PolicyStore store;
    private final Clock clock;
    private final AtomicReference<ActivePolicy> cached = new AtomicReference<>();

    Policies(PolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * At start-up: publishes {@code configured} if it differs from the set in force, or {@code bundled} if no set is
     * in force yet; then loads the set in force.
     *
     * @throws InvalidPolicyException if the configured or bundled set is invalid (start-up fails)
     */
    void start(java.util.Optional<PolicyBundle> configured, PolicyBundle bundled) {
        PolicyBundle initial = configured.orElse(bundled);
        ActivePolicy.of(initial); // fail fast, before anything is published
        if (configured.isPresent() || store.currentVersion().isEmpty()) {
            store.publish(initial, Principal.service("gateway-config"), clock.instant());
        }
        active();
    }

    /**
     * Validates and publishes {@code bundle} on behalf of {@code author}.
     *
     * @return true if it became the set in force, false if it already was
     * @throws InvalidPolicyException if it is invalid (nothing changes)
     */
    boolean publish(PolicyBundle bundle, Principal author) {
        ActivePolicy parsed = ActivePolicy.of(bundle);
        boolean published = store.publish(bundle, author, clock.instant());
        cached.set(parsed);
        return published;
    }

    ActivePolicy active() {
        String version = store.currentVersion().orElseThrow(() -> new GatewayUnavailableException(
                "no policy set has been published", null));
        ActivePolicy current = cached.get();
        if (current != null && current.version().equals(version)) {
            return current;
        }
        PolicyBundle bundle = store.current().orElseThrow();
        ActivePolicy parsed = ActivePolicy.of(bundle);
        cached.set(parsed);
        return parsed;
    }
}

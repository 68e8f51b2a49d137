package org.custos.server.http;

import java.util.Optional;

/**
 * One condition of readiness ({@code /health/ready}): the database answers, migrations are done, the vault
 * is open. Returns the problem when not ready; must answer within about a second and never throw.
 */
@FunctionalInterface
public interface ReadinessCheck {

    /** Empty when ready, otherwise a short reason safe to show to anyone (no secrets, no personal data). */
    Optional<String> problem();
}

package org.custos.server;

import java.util.Optional;

/**
 * Keeps {@code /health/ready} DOWN after the server listens, until work it must finish before taking traffic is
 * done: the demo population, which is written through the server's own HTTP API and so cannot come first. A load
 * balancer or a script waiting on readiness then never sees a half-loaded instance.
 */
public final class StartupHold {
    private volatile String reason;

    private StartupHold(String reason) {
        this.reason = reason;
    }

    /** Nothing to wait for. */
    public static StartupHold none() {
        return new StartupHold(null);
    }

    /** Readiness answers {@code reason} (shown to anyone: no secrets) until {@link #release()}. */
    public static StartupHold until(String reason) {
        return new StartupHold(java.util.Objects.requireNonNull(reason, "reason"));
    }

    /** The work is done (or failed, and the server should serve what it has). */
    public void release() {
        reason = null;
    }

    Optional<String> problem() {
        return Optional.ofNullable(reason);
    }
}

package org.custos.app.accounts;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket: at most {@code burst} attempts at once, then one more each {@code refillEvery}.
 */
public record RateLimit(int burst, Duration refillEvery) {
    public RateLimit {
        Objects.requireNonNull(refillEvery, "refillEvery");
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        if (refillEvery.isNegative() || refillEvery.isZero()) {
            throw new IllegalArgumentException("refillEvery must be positive, got " + refillEvery);
        }
    }
}

package org.custos.app.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets for log-in attempts, one per key (an account, an unknown login name's hash, a client address).
 *
 * <p>In memory and per process: a node that restarts forgets its buckets, which at worst grants one more burst.
 * The map is bounded: when it holds {@code maxKeys} buckets, the buckets that have refilled completely (they carry
 * no information) are dropped; if every bucket is still draining, new keys are refused rather than letting an
 * attacker grow memory without bound.
 */
final class LoginThrottle {
    private final RateLimit limit;
    private final Clock clock;
    private final int maxKeys;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Tokens are counted in thousandths so that refill arithmetic stays in longs. */
    private record Bucket(long milliTokens, long atMillis) {
    }

    LoginThrottle(RateLimit limit, Clock clock, int maxKeys) {
        this.limit = limit;
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /**
     * Takes one attempt from {@code key}'s bucket. Returns empty when allowed, or how long to wait when the
     * bucket is empty (nothing is taken then).
     */
    Optional<Duration> acquire(String key) {
        long now = clock.millis();
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
            evictFull(now);
            if (buckets.size() >= maxKeys) {
                return Optional.of(limit.refillEvery());
            }
        }
        Duration[] wait = new Duration[1];
        buckets.compute(key, (k, bucket) -> {
            long tokens = refilled(bucket, now);
            if (tokens >= 1000) {
                return new Bucket(tokens - 1000, now);
            }
            long perTokenMillis = limit.refillEvery().toMillis();
            wait[0] = Duration.ofMillis(Math.max(1, (1000 - tokens) * perTokenMillis / 1000));
            return new Bucket(tokens, now);
        });
        return Optional.ofNullable(wait[0]);
    }

    int size() {
        return buckets.size();
    }

    private long refilled(Bucket bucket, long now) {
        long capacity = 1000L * limit.burst();
        if (bucket == null) {
            return capacity;
        }
        long elapsed = Math.max(0, now - bucket.atMillis());
        long gained = elapsed * 1000 / Math.max(1, limit.refillEvery().toMillis());
        return Math.min(capacity, bucket.milliTokens() + gained);
    }

    private void evictFull(long now) {
        long capacity = 1000L * limit.burst();
        buckets.entrySet().removeIf(e -> refilled(e.getValue(), now) >= capacity);
    }
}

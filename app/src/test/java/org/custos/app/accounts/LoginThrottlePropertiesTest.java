package org.custos.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LoginThrottlePropertiesTest {

    /**
     * Whatever the timing of the attempts, no more than {@code burst + elapsed / refillEvery} are allowed over any
     * stretch of time: the bound an attacker guessing passwords runs into.
     */
    @Property
    void acquire_anySchedule_allowsAtMostBurstPlusRefills(
            @ForAll @IntRange(min = 1, max = 10) int burst,
            @ForAll @IntRange(min = 1, max = 120) int refillSeconds,
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 30_000) Integer> gapsMillis) {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(new RateLimit(burst, Duration.ofSeconds(refillSeconds)), clock, 10);
        Instant start = clock.now;
        int allowed = 0;
        for (int gap : gapsMillis) {
            clock.now = clock.now.plusMillis(gap);
            if (throttle.acquire("key").isEmpty()) {
                allowed++;
            }
            long elapsed = Duration.between(start, clock.now).toMillis();
            assertThat(allowed).isLessThanOrEqualTo(burst + (int) (elapsed / (refillSeconds * 1000L)));
        }
    }

    @Property
    void acquire_refused_waitIsAtMostOneRefillPeriod(
            @ForAll @IntRange(min = 1, max = 5) int burst,
            @ForAll @IntRange(min = 1, max = 120) int refillSeconds) {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(new RateLimit(burst, Duration.ofSeconds(refillSeconds)), clock, 10);
        for (int i = 0; i < burst; i++) {
            throttle.acquire("key");
        }

        Duration wait = throttle.acquire("key").orElseThrow();

        assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(refillSeconds));
        clock.now = clock.now.plus(wait);
        assertThat(throttle.acquire("key")).isEmpty();
    }

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

package org.custos.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final StepClock clock = new StepClock();
    private final LoginThrottle throttle = new LoginThrottle(new RateLimit(3, Duration.ofMinutes(1)), clock, 4);

    @Test
    void acquire_withinBurst_isAllowed() {
        assertThat(throttle.acquire("a")).isEmpty();
        assertThat(throttle.acquire("a")).isEmpty();
        assertThat(throttle.acquire("a")).isEmpty();
    }

    @Test
    void acquire_pastBurst_saysHowLongToWait() {
        for (int i = 0; i < 3; i++) {
            throttle.acquire("a");
        }
        clock.now = clock.now.plusSeconds(15);

        assertThat(throttle.acquire("a")).contains(Duration.ofSeconds(45));
        assertThat(throttle.acquire("b")).isEmpty();
    }

    @Test
    void acquire_afterRefillPeriod_isAllowedAgainOncePerPeriod() {
        for (int i = 0; i < 3; i++) {
            throttle.acquire("a");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(1));

        assertThat(throttle.acquire("a")).isEmpty();
        assertThat(throttle.acquire("a")).isPresent();
    }

    @Test
    void acquire_refusedAttempt_doesNotExtendTheWait() {
        for (int i = 0; i < 3; i++) {
            throttle.acquire("a");
        }
        for (int i = 0; i < 10; i++) {
            throttle.acquire("a");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(1));

        assertThat(throttle.acquire("a")).isEmpty();
    }

    @Test
    void acquire_manyKeys_evictsRefilledBucketsAndStaysBounded() {
        for (String key : new String[] {"a", "b", "c", "d"}) {
            throttle.acquire(key);
        }
        assertThat(throttle.acquire("e")).as("every bucket still draining").isPresent();

        clock.now = clock.now.plus(Duration.ofMinutes(5));

        assertThat(throttle.acquire("e")).isEmpty();
        assertThat(throttle.size()).isLessThanOrEqualTo(4);
    }

    private static final class StepClock extends Clock {
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

package org.custos.lockbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class NoticeBackoffTest {
    private final Notices notices = new Notices(null, Clock.systemUTC(), LockboxSettings.defaults()
            .withRetries(Duration.ofSeconds(5), Duration.ofMinutes(10)));

    @Test
    void backoff_doublesFromTheFirstWait() {
        assertThat(notices.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(notices.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(notices.backoff(3)).isEqualTo(Duration.ofSeconds(20));
    }

    @Property
    void backoff_neverExceedsTheCapAndNeverShrinks(@ForAll @IntRange(min = 1, max = 10_000) int failures) {
        Duration wait = notices.backoff(failures);
        assertThat(wait).isBetween(Duration.ofSeconds(5), Duration.ofMinutes(10));
        assertThat(notices.backoff(failures + 1)).isGreaterThanOrEqualTo(wait);
    }

    @Test
    void settings_reject_unsafeValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LockboxSettings.defaults().withRequiredApprovals(0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LockboxSettings.defaults()
                .withWebhook(Optional.of(java.net.URI.create("file:///etc/passwd"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LockboxSettings.defaults().withWebhook(Optional.of(java.net.URI.create(
                "https://hooks.example/notify?token=s3cret"))).toString()).doesNotContain("s3cret");
        assertThat(LockboxSettings.defaults().withWebhook(Optional.of(java.net.URI.create(
                "https://bot:pa55@hooks.example:8443/T0/B1/s3cret"))).toString())
                .contains("https://hooks.example:8443/***").doesNotContain("pa55").doesNotContain("s3cret");
    }
}

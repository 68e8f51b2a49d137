package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.custos.app.accounts.RateLimit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoginRateLimitIT {
    private static AppHarness harness;

    @BeforeAll
    static void start() {
        harness = new AppHarness(AppHarness.testSettings().withLoginLimits(
                new RateLimit(3, Duration.ofMinutes(1)), new RateLimit(12, Duration.ofSeconds(10))));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void logIn_pastTheAccountsBurst_is429UntilRefilled() {
        harness.signUp("target");
        for (int i = 0; i < 3; i++) {
            assertThat(logIn("target", "guess number " + i).status()).isEqualTo(401);
        }

        Reply limited = logIn("target", AppHarness.PASSWORD);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.problem()).isEqualTo("rate-limited");
        assertThat(limited.header("Retry-After")).isEqualTo("60");
        assertThat(logIn("TARGET@example.org", AppHarness.PASSWORD).status())
                .as("the email names the same account").isEqualTo(429);

        harness.clock.advance(Duration.ofMinutes(1));
        assertThat(logIn("target", AppHarness.PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void logIn_pastTheAddressBurst_is429ForEveryAccount() {
        harness.clock.advance(Duration.ofMinutes(10));
        for (int i = 0; i < 12; i++) {
            assertThat(logIn("unknown_" + i, "some password").status()).isIn(401, 429);
        }

        Reply limited = logIn("someone_else", "some password");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 10);
        harness.clock.advance(Duration.ofMinutes(10));
    }

    private static Reply logIn(String login, String password) {
        return harness.post("/v1/sessions", AppHarness.json(Map.of("login", login, "password", password)));
    }
}

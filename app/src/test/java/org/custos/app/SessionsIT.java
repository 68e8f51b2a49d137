package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionsIT {
    private static AppHarness harness;

    @BeforeAll
    static void start() {
        harness = new AppHarness();
        harness.signUp("alice");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void logIn_byHandle_answersABearerTokenWithItsExpiry() {
        Reply reply = harness.post("/v1/sessions", AppHarness.json(Map.of("login", "Alice", "password",
                AppHarness.PASSWORD)));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.text("token")).matches("[A-Za-z0-9_-]{43}");
        assertThat(reply.text("tokenType")).isEqualTo("Bearer");
        assertThat(reply.text("expiresAt")).isEqualTo(harness.clock.instant().plus(Duration.ofDays(30)).toString());
        assertThat(harness.get("/v1/me", reply.text("token")).text("handle")).isEqualTo("alice");
    }

    @Test
    void logIn_byEmailInAnyCase_works() {
        String token = harness.logIn("  ALICE@example.org ", AppHarness.PASSWORD);

        assertThat(harness.get("/v1/me", token).text("handle")).isEqualTo("alice");
    }

    @Test
    void logIn_wrongPasswordAndUnknownAccount_getTheSameAnswer() {
        Reply wrongPassword = harness.post("/v1/sessions", AppHarness.json(Map.of("login", "alice", "password",
                "wrong password 1")));
        Reply unknownHandle = harness.post("/v1/sessions", AppHarness.json(Map.of("login", "nobody_here",
                "password", "wrong password 1")));
        Reply unknownEmail = harness.post("/v1/sessions", AppHarness.json(Map.of("login", "nobody@example.org",
                "password", "wrong password 1")));

        for (Reply reply : new Reply[] {wrongPassword, unknownHandle, unknownEmail}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.problem()).isEqualTo("invalid-credentials");
            assertThat(reply.body()).isEqualTo(wrongPassword.body()).doesNotContain("wrong password 1");
        }
    }

    @Test
    void logIn_missingOrMistypedFields_is400() {
        Reply missing = harness.post("/v1/sessions", "{\"login\": \"alice\"}");
        Reply mistyped = harness.post("/v1/sessions", "{\"login\": \"alice\", \"password\": 5}");
        Reply extra = harness.post("/v1/sessions", AppHarness.json(Map.of("login", "alice", "password",
                AppHarness.PASSWORD, "remember", "yes")));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).containsExactly("password");
        assertThat(mistyped.errorFields()).containsExactly("password");
        assertThat(extra.errorFields()).containsExactly("remember");
    }

    @Test
    void logOut_endsThatSessionOnly() {
        String first = harness.logIn("alice", AppHarness.PASSWORD);
        String second = harness.logIn("alice", AppHarness.PASSWORD);

        Reply reply = harness.delete("/v1/sessions/current", first);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(harness.get("/v1/me", first).status()).isEqualTo(401);
        assertThat(harness.get("/v1/me", second).status()).isEqualTo(200);
        assertThat(harness.delete("/v1/sessions/current", first).status()).isEqualTo(401);
    }

    @Test
    void logOut_withoutToken_is401() {
        Reply reply = harness.delete("/v1/sessions/current", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.problem()).isEqualTo("unauthenticated");
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void token_afterExpiry_isRefused() {
        String token = harness.logIn("alice", AppHarness.PASSWORD);
        harness.clock.advance(Duration.ofDays(30).plusSeconds(1));
        try {
            Reply reply = harness.get("/v1/me", token);

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.problem()).isEqualTo("unauthenticated");
        } finally {
            harness.clock.advance(Duration.ofDays(-30).minusSeconds(1));
        }
    }

    @Test
    void token_forged_isRefused() {
        Reply reply = harness.get("/v1/me", "A".repeat(43));

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void token_isStoredOnlyAsItsSha256() throws Exception {
        String token = harness.logIn("alice", AppHarness.PASSWORD);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));

        long byHash = count("SELECT count(*) FROM app_sessions WHERE token_hash = decode('"
                + java.util.HexFormat.of().formatHex(hash) + "', 'hex')");
        long byText = count("SELECT count(*) FROM app_sessions WHERE position(convert_to('" + token
                + "', 'UTF8') in token_hash) > 0");

        assertThat(byHash).isEqualTo(1);
        assertThat(byText).isZero();
    }

    private static long count(String sql) {
        try (var c = harness.dataSource.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}

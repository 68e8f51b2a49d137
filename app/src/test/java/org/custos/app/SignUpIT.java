package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignUpIT {
    private static AppHarness harness;

    @BeforeAll
    static void start() {
        harness = new AppHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void signUp_validAccount_createsItAndAnswersTheOwnersView() {
        Reply reply = harness.post("/v1/accounts", AppHarness.json(Map.of("handle", "Ada_L", "displayName",
                "  Ada Lovelace ", "email", " Ada@Example.ORG ", "password", AppHarness.PASSWORD, "birthDate",
                "1990-12-10", "region", "gb")));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.header("Location")).isEqualTo("/v1/me");
        assertThat(reply.json().path("id").asLong()).isPositive();
        assertThat(reply.text("handle")).isEqualTo("ada_l");
        assertThat(reply.text("displayName")).isEqualTo("Ada Lovelace");
        assertThat(reply.text("email")).isEqualTo("ada@example.org");
        assertThat(reply.text("birthDate")).isEqualTo("1990-12-10");
        assertThat(reply.text("region")).isEqualTo("GB");
        assertThat(reply.text("createdAt")).isEqualTo("2026-01-15T10:00:00Z");
        assertThat(reply.body()).doesNotContain(AppHarness.PASSWORD).doesNotContain("password");
    }

    @Test
    void signUp_missingFields_listsEveryOneAndCreatesNothing() {
        long before = users();

        Reply reply = harness.post("/v1/accounts", "{}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.problem()).isEqualTo("validation");
        assertThat(reply.json().path("status").asInt()).isEqualTo(400);
        assertThat(reply.errorFields())
                .containsExactly("handle", "displayName", "email", "password", "birthDate", "region");
        assertThat(users()).isEqualTo(before);
    }

    @Test
    void signUp_malformedValues_areRefusedWithoutEchoingThem() {
        Map<String, Object> fields = new HashMap<>(Map.of("handle", "no spaces allowed", "displayName", "\u0007",
                "email", "not-an-email-secret", "password", "short-pw", "birthDate", "1990-02-30", "region", "XX"));
        long before = users();

        Reply reply = harness.post("/v1/accounts", AppHarness.json(fields));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields())
                .containsExactlyInAnyOrder("handle", "displayName", "email", "password", "birthDate", "region");
        assertThat(reply.body()).doesNotContain("short-pw").doesNotContain("not-an-email-secret")
                .doesNotContain("no spaces allowed");
        assertThat(users()).isEqualTo(before);
    }

    @Test
    void signUp_wrongTypes_areFieldErrors() {
        Reply reply = harness.post("/v1/accounts", """
                {"handle": 12, "displayName": true, "email": ["a@b.c"], "password": {"x": 1},
                 "birthDate": 19900101, "region": null}""");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problem()).isEqualTo("validation");
        assertThat(reply.json().path("errors").toString()).contains("must be a string").contains("is required");
        assertThat(reply.errorFields())
                .containsExactly("handle", "displayName", "email", "password", "birthDate", "region");
    }

    @Test
    void signUp_unknownField_isRefused() {
        Map<String, Object> fields = new HashMap<>(Map.of("handle", "with_extra", "displayName", "X", "email",
                "extra@example.org", "password", AppHarness.PASSWORD, "birthDate", "1990-01-01", "region", "FR"));
        fields.put("isAdmin", "true");

        Reply reply = harness.post("/v1/accounts", AppHarness.json(fields));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("isAdmin");
        assertThat(harness.get("/v1/users/with_extra", null).status()).isEqualTo(404);
    }

    @Test
    void signUp_underMinimumAge_isRefused() {
        Reply reply = harness.post("/v1/accounts", AppHarness.json(Map.of("handle", "too_young", "displayName", "Kid",
                "email", "kid@example.org", "password", AppHarness.PASSWORD, "birthDate", "2020-01-01",
                "region", "FR")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactly("birthDate");
    }

    @Test
    void signUp_malformedJson_is400() {
        Reply reply = harness.post("/v1/accounts", "{\"handle\": \"x\", \"password\": \"secret-in-bad-json");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.problem()).isEqualTo("malformed-json");
        assertThat(reply.body()).doesNotContain("secret-in-bad-json");
    }

    @Test
    void signUp_oversizedBody_is413() {
        String huge = "{\"handle\": \"" + "a".repeat(70 * 1024) + "\"}";
        long before = users();

        Reply reply = harness.post("/v1/accounts", huge);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.problem()).isEqualTo("payload-too-large");
        assertThat(users()).isEqualTo(before);
    }

    @Test
    void signUp_jsonWithCharsetParameter_isAccepted() {
        Reply reply = harness.send("POST", "/v1/accounts", AppHarness.signUpJson("charset_ok", "charset@example.org")
                .getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8", null);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    @Test
    void signUp_notJson_is415() {
        Reply reply = harness.send("POST", "/v1/accounts", "handle=x".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", null);

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.problem()).isEqualTo("unsupported-media-type");
    }

    @Test
    void signUp_takenHandleInAnyCase_is409AndChangesNothing() {
        harness.signUp("grace");
        long before = users();
        long keysBefore = dataKeys();

        Reply reply = harness.post("/v1/accounts", AppHarness.signUpJson("GRACE", "other-grace@example.org"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.problem()).isEqualTo("duplicate");
        assertThat(reply.errorFields()).containsExactly("handle");
        assertThat(users()).isEqualTo(before);
        assertThat(dataKeys()).as("no data key made for a refused sign-up").isEqualTo(keysBefore);
    }

    @Test
    void signUp_takenEmailInAnyCase_is409WithoutEchoingIt() {
        harness.signUp("linus");
        long before = users();

        Reply reply = harness.post("/v1/accounts", AppHarness.signUpJson("linus2", "  LINUS@example.org"));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.errorFields()).containsExactly("email");
        assertThat(reply.body().toLowerCase()).doesNotContain("linus@example.org");
        assertThat(users()).isEqualTo(before);
    }

    @Test
    void signUp_sameHandleConcurrently_createsExactlyOne() throws Exception {
        long before = users();
        List<Integer> statuses;
        try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String email = "racer" + i + "@example.org";
                replies.add(callers.submit(() -> {
                    start.await();
                    return harness.post("/v1/accounts", AppHarness.signUpJson("racer", email)).status();
                }));
            }
            start.countDown();
            statuses = new ArrayList<>();
            for (Future<Integer> reply : replies) {
                statuses.add(reply.get());
            }
        }

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(users()).isEqualTo(before + 1);
    }

    @Test
    void unknownRoute_isAProblemDocument() {
        Reply reply = harness.get("/v1/no-such-thing", null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.problem()).isEqualTo("not-found");
    }

    private static long users() {
        return count("SELECT count(*) FROM app_users");
    }

    private static long dataKeys() {
        return count("SELECT count(*) FROM vault_keys.vault_data_keys");
    }

    static long count(String sql) {
        try (Connection c = harness.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}

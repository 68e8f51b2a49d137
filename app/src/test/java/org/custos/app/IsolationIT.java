package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One user's token reaches that user's data only; nothing in a request can point it at another account. */
class IsolationIT {
    private static AppHarness harness;
    private static String aliceToken;
    private static String bobToken;

    @BeforeAll
    static void start() {
        harness = new AppHarness();
        harness.signUp("alice");
        harness.signUp("bob");
        aliceToken = harness.logIn("alice", AppHarness.PASSWORD);
        bobToken = harness.logIn("bob", AppHarness.PASSWORD);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void getMe_answersOnlyTheTokensOwner() {
        Reply alice = harness.get("/v1/me", aliceToken);
        Reply bob = harness.get("/v1/me", bobToken);

        assertThat(alice.text("handle")).isEqualTo("alice");
        assertThat(alice.body()).doesNotContain("bob@example.org");
        assertThat(bob.text("handle")).isEqualTo("bob");
        assertThat(bob.body()).doesNotContain("alice@example.org");
    }

    @Test
    void patchMe_cannotReachAnotherAccount() {
        String bobBefore = harness.get("/v1/me", bobToken).body();

        Reply byField = harness.patch("/v1/me", "{\"id\": 2, \"displayName\": \"Hijacked\"}", aliceToken);
        Reply byHandle = harness.patch("/v1/me", "{\"handle\": \"bob\", \"displayName\": \"Hijacked\"}", aliceToken);
        Reply byQuery = harness.patch("/v1/me?user=bob", "{\"displayName\": \"Alice again\"}", aliceToken);

        assertThat(byField.status()).isEqualTo(400);
        assertThat(byHandle.status()).isEqualTo(400);
        assertThat(byQuery.status()).isEqualTo(200);
        assertThat(byQuery.text("handle")).isEqualTo("alice");
        assertThat(harness.get("/v1/me", bobToken).body()).isEqualTo(bobBefore);
    }

    @Test
    void publicProfileOfAnother_hasNoProtectedField() {
        Reply reply = harness.get("/v1/users/bob", aliceToken);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).doesNotContain("example.org").doesNotContain("1990").doesNotContain("FR");
        assertThat(reply.json().has("email")).isFalse();
    }

    @Test
    void changePassword_ofOneUser_leavesOtherUsersSessions() {
        harness.signUp("carol");
        String carol = harness.logIn("carol", AppHarness.PASSWORD);

        harness.put("/v1/me/password", AppHarness.json(Map.of("currentPassword", AppHarness.PASSWORD,
                "newPassword", "carol's new passphrase")), carol);

        assertThat(harness.get("/v1/me", bobToken).status()).isEqualTo(200);
        assertThat(harness.get("/v1/me", aliceToken).status()).isEqualTo(200);
    }

    @Test
    void logOut_ofOneUser_leavesOtherUsersSessions() {
        harness.signUp("dave");
        String dave = harness.logIn("dave", AppHarness.PASSWORD);

        assertThat(harness.delete("/v1/sessions/current", dave).status()).isEqualTo(204);

        assertThat(harness.get("/v1/me", bobToken).status()).isEqualTo(200);
    }

    @Test
    void operatorToken_isNotAUser() {
        var credentials = harness.app.operators().create("support.one", java.util.Set.of(
                org.custos.app.accounts.Role.CUSTODIAN_APPROVER));
        String token = harness.post("/v1/operator-sessions", AppHarness.json(Map.of("name", credentials.name(),
                "password", credentials.password()))).text("token");

        Reply reply = harness.get("/v1/me", token);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.problem()).isEqualTo("forbidden");
    }
}

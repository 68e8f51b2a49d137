package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MeIT {
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
    void getMe_withToken_answersTheWholeOwnProfile() {
        long id = harness.signUp("getme");
        String token = harness.logIn("getme", AppHarness.PASSWORD);

        Reply reply = harness.get("/v1/me", token);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("id").asLong()).isEqualTo(id);
        assertThat(reply.text("email")).isEqualTo("getme@example.org");
        assertThat(reply.text("birthDate")).isEqualTo("1990-04-01");
        assertThat(reply.text("region")).isEqualTo("FR");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void getMe_withoutToken_is401() {
        Reply reply = harness.get("/v1/me", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.problem()).isEqualTo("unauthenticated");
    }

    @Test
    void patchMe_someFields_changesOnlyThose() {
        harness.signUp("patcher");
        String token = harness.logIn("patcher", AppHarness.PASSWORD);

        Reply reply = harness.patch("/v1/me", AppHarness.json(Map.of("displayName", "New Name", "email",
                "New.Address@Example.org", "region", "us-ca")), token);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.text("displayName")).isEqualTo("New Name");
        assertThat(reply.text("email")).isEqualTo("new.address@example.org");
        assertThat(reply.text("region")).isEqualTo("US-CA");
        assertThat(reply.text("birthDate")).isEqualTo("1990-04-01");
        assertThat(harness.logIn("new.address@example.org", AppHarness.PASSWORD)).isNotBlank();
        assertThat(harness.get("/v1/users/patcher", null).text("displayName")).isEqualTo("New Name");
    }

    @Test
    void patchMe_badInput_is400AndChangesNothing() {
        harness.signUp("badpatch");
        String token = harness.logIn("badpatch", AppHarness.PASSWORD);
        String before = harness.get("/v1/me", token).body();

        Reply empty = harness.patch("/v1/me", "{}", token);
        Reply handle = harness.patch("/v1/me", "{\"handle\": \"renamed\", \"displayName\": \"ok\"}", token);
        Reply password = harness.patch("/v1/me", "{\"password\": \"new password here\"}", token);
        Reply mixed = harness.patch("/v1/me", "{\"displayName\": \"fine\", \"region\": \"ZZ\"}", token);
        Reply nulls = harness.patch("/v1/me", "{\"email\": null}", token);
        Reply types = harness.patch("/v1/me", "{\"birthDate\": 1990}", token);

        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.problem()).isEqualTo("validation");
        assertThat(handle.errorFields()).containsExactly("handle");
        assertThat(password.errorFields()).containsExactly("password");
        assertThat(password.body()).doesNotContain("new password here");
        assertThat(mixed.errorFields()).containsExactly("region");
        assertThat(nulls.errorFields()).containsExactly("email");
        assertThat(types.errorFields()).containsExactly("birthDate");
        assertThat(harness.get("/v1/me", token).body()).isEqualTo(before);
    }

    @Test
    void patchMe_emailOfAnotherAccount_is409AndChangesNothing() {
        harness.signUp("owner_of_email");
        harness.signUp("wants_email");
        String token = harness.logIn("wants_email", AppHarness.PASSWORD);

        Reply reply = harness.patch("/v1/me", AppHarness.json(Map.of("displayName", "Changed",
                "email", "OWNER_OF_EMAIL@example.org")), token);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.errorFields()).containsExactly("email");
        assertThat(harness.get("/v1/me", token).text("displayName")).isEqualTo("Name of wants_email");
    }

    @Test
    void changePassword_revokesOtherSessionsKeepsThisOne() {
        harness.signUp("rotator");
        String here = harness.logIn("rotator", AppHarness.PASSWORD);
        String elsewhere = harness.logIn("rotator", AppHarness.PASSWORD);

        Reply reply = harness.put("/v1/me/password", AppHarness.json(Map.of("currentPassword", AppHarness.PASSWORD,
                "newPassword", "a brand new passphrase")), here);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(204);
        assertThat(harness.get("/v1/me", here).status()).isEqualTo(200);
        assertThat(harness.get("/v1/me", elsewhere).status()).isEqualTo(401);
        assertThat(harness.post("/v1/sessions", AppHarness.json(Map.of("login", "rotator", "password",
                AppHarness.PASSWORD))).status()).isEqualTo(401);
        assertThat(harness.logIn("rotator", "a brand new passphrase")).isNotBlank();
    }

    @Test
    void changePassword_wrongCurrentPassword_is401AndChangesNothing() {
        harness.signUp("forgetful");
        String here = harness.logIn("forgetful", AppHarness.PASSWORD);
        String elsewhere = harness.logIn("forgetful", AppHarness.PASSWORD);

        Reply reply = harness.put("/v1/me/password", AppHarness.json(Map.of("currentPassword", "not my password",
                "newPassword", "a brand new passphrase")), here);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.problem()).isEqualTo("invalid-credentials");
        assertThat(reply.body()).doesNotContain("not my password").doesNotContain("a brand new passphrase");
        assertThat(harness.get("/v1/me", elsewhere).status()).isEqualTo(200);
        assertThat(harness.logIn("forgetful", AppHarness.PASSWORD)).isNotBlank();
    }

    @Test
    void changePassword_weakOrMissingNewPassword_is400() {
        harness.signUp("weakling");
        String token = harness.logIn("weakling", AppHarness.PASSWORD);

        Reply weak = harness.put("/v1/me/password", AppHarness.json(Map.of("currentPassword", AppHarness.PASSWORD,
                "newPassword", "short")), token);
        Reply missing = harness.put("/v1/me/password", AppHarness.json(Map.of("currentPassword",
                AppHarness.PASSWORD)), token);

        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.errorFields()).containsExactly("newPassword");
        assertThat(missing.errorFields()).containsExactly("newPassword");
        assertThat(harness.logIn("weakling", AppHarness.PASSWORD)).isNotBlank();
    }

    @Test
    void changePassword_withoutToken_is401() {
        Reply reply = harness.put("/v1/me/password", AppHarness.json(Map.of("currentPassword", "x",
                "newPassword", "a brand new passphrase")), null);

        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    void publicProfile_showsPublicFieldsOnlyToAnyone() {
        harness.signUp("famous");

        Reply reply = harness.get("/v1/users/FAMOUS", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("handle", "displayName");
        assertThat(reply.text("handle")).isEqualTo("famous");
    }

    @Test
    void publicProfile_unknownOrMalformedHandle_is404() {
        assertThat(harness.get("/v1/users/nobody_at_all", null).status()).isEqualTo(404);
        assertThat(harness.get("/v1/users/x", null).problem()).isEqualTo("not-found");
    }
}

package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crafted input that once reached the database or the JSON reader unchecked and came back as a 500 (issue 15):
 * cursors out of the timestamp range, JSON nested past the parser's limit, NUL in free text, NUL as a handle.
 * Each must be a 4xx problem that names the cause.
 */
class HostileInputIT {
    private static AppHarness harness;
    private static String token;
    private static long video;

    @BeforeAll
    static void start() {
        harness = new AppHarness();
        harness.signUp("hostile_a");
        harness.signUp("hostile_b");
        token = harness.logIn("hostile_a", AppHarness.PASSWORD);
        assertThat(harness.put("/v1/users/hostile_b/follow", null, token).status()).isEqualTo(204);
        Reply upload = harness.send("POST", "/v1/videos", Uploads.body(Uploads.fields("public"),
                Uploads.mp4(3000, 15)), Uploads.CONTENT_TYPE, token);
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        video = upload.json().path("id").asLong();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String cursor(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertProblem(Reply reply, int status, String type) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.problem()).as(reply.toString()).isEqualTo(type);
    }

    @Test
    void cursorsOutOfRangeOrGarbage_are400NamingTheCursor_onEveryListRoute() {
        List<String> routes = List.of("/v1/feeds/following", "/v1/users/hostile_b/videos", "/v1/me/following",
                "/v1/me/followers", "/v1/videos/" + video + "/comments");
        List<String> cursors = List.of(
                cursor("-9223372036854775808.0"),  // the shape of a real cursor, far before any timestamp
                cursor("9223372036854775807.0"),   // year 294247: no row was ever created then
                cursor("-1." + Long.MIN_VALUE),
                cursor("+1.+1"),
                cursor("1.2.3"),
                cursor("99999999999999999999.1"),
                cursor("1."),
                cursor(".1"),
                "!!not-base64!!",
                "",
                "a".repeat(100));
        for (String route : routes) {
            for (String c : cursors) {
                Reply reply = harness.get(route + "?cursor=" + c, token);
                assertProblem(reply, 400, "validation");
                assertThat(reply.errorFields()).as(route + " " + c).containsExactly("cursor");
            }
            // A real cursor still pages.
            Reply first = harness.get(route + "?limit=1", token);
            assertThat(first.status()).as(route + " " + first).isEqualTo(200);
        }
    }

    @Test
    void deeplyNestedJson_is400MalformedJson_onEveryJsonRoute() {
        for (int depth : List.of(17, 20, 1000)) {
            String nested = "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            Reply signUp = harness.post("/v1/accounts", nested);
            assertProblem(signUp, 400, "malformed-json");
            assertThat(signUp.text("detail")).contains("nested deeper than 16 levels");
            assertProblem(harness.post("/v1/sessions", nested), 400, "malformed-json");
            assertProblem(harness.post("/v1/events/watch", nested, token), 400, "malformed-json");
            assertProblem(harness.post("/v1/videos/" + video + "/comments", nested, token), 400, "malformed-json");
            assertProblem(harness.patch("/v1/me", nested, token), 400, "malformed-json");
            assertProblem(harness.call("PUT", "/v1/me/password", nested, token), 400, "malformed-json");
            assertProblem(harness.call("DELETE", "/v1/me", nested, token), 400, "malformed-json");
            assertProblem(harness.post("/v1/operator-sessions", nested), 400, "malformed-json");
        }
        // Shallow enough for the parser: then it is the unknown field that is refused.
        String shallow = "{\"x\":" + "[".repeat(10) + "]".repeat(10) + "}";
        assertThat(harness.post("/v1/videos/" + video + "/comments", shallow, token).errorFields())
                .contains("x");
    }

    @Test
    void controlCharactersInAComment_are400NamingTheText_butLineBreaksAreKept() {
        for (String bad : List.of("nul\u0000inside", "bell\u0007", "escape\u001b[31m", "del\u007f", "tab\tinside")) {
            Reply reply = harness.post("/v1/videos/" + video + "/comments",
                    AppHarness.json(Map.of("text", bad)), token);
            assertProblem(reply, 400, "validation");
            assertThat(reply.errorFields()).containsExactly("text");
        }
        Reply kept = harness.post("/v1/videos/" + video + "/comments",
                AppHarness.json(Map.of("text", "two\r\nlines\nhere")), token);
        assertThat(kept.status()).as(kept.toString()).isEqualTo(201);
        assertThat(kept.text("text")).isEqualTo("two\r\nlines\nhere");
    }

    @Test
    void controlCharactersInACaption_are400NamingTheCaption() {
        Map<String, String> fields = new LinkedHashMap<>(Uploads.fields("public"));
        fields.put("caption", "nul\u0000inside");
        Reply reply = harness.send("POST", "/v1/videos", Uploads.body(fields, Uploads.mp4(3000, 16)),
                Uploads.CONTENT_TYPE, token);
        assertProblem(reply, 400, "validation");
        assertThat(reply.errorFields()).containsExactly("caption");
    }

    @Test
    void nulInALogInName_isJustWrongCredentials() {
        Reply reply = harness.post("/v1/sessions", AppHarness.json(Map.of("login", "host\u0000ile_a",
                "password", AppHarness.PASSWORD)));
        assertProblem(reply, 401, "invalid-credentials");
    }

    @Test
    void handlesThatBreakTheHandleRule_are404LikeUnknownHandles() {
        for (String handle : List.of("%00", "hostile_a%00", "%00hostile_b", "a%0Ab", "x".repeat(31), "ab",
                "h%C3%A9llo", UUID.randomUUID().toString())) {
            assertProblem(harness.get("/v1/users/" + handle + "/videos", token), 404, "not-found");
            assertProblem(harness.put("/v1/users/" + handle + "/follow", null, token), 404, "not-found");
            assertProblem(harness.delete("/v1/users/" + handle + "/follow", token), 404, "not-found");
            assertProblem(harness.get("/v1/users/" + handle, token), 404, "not-found");
        }
        assertThat(harness.get("/v1/users/HOSTILE_B/videos", token).status()).isEqualTo(200);
    }

    @Test
    void textThatIsNotWellFormedUtf8_orStartsWithAByteOrderMark_isRefusedAndChangesNothing() {
        String before = harness.get("/v1/me", token).text("displayName");
        byte[][] bodies = {
                {'{', '"', 'd', 'i', 's', 'p', 'l', 'a', 'y', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xc0, (byte) 0xaf,
                        '"', '}'},                                                  // an overlong '/'
                {'{', '"', 'd', 'i', 's', 'p', 'l', 'a', 'y', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xed, (byte) 0xa0,
                        (byte) 0x80, 'x', '"', '}'},                                // a lone surrogate, encoded
                {'{', '"', 'd', 'i', 's', 'p', 'l', 'a', 'y', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xe2, (byte) 0x82,
                        '"', '}'},                                                  // a truncated sequence
                {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '"', 'd', 'i', 's', 'p', 'l', 'a', 'y', 'N', 'a', 'm', 'e',
                        '"', ':', '"', 'B', 'o', 'm', '"', '}'}};                    // a byte order mark
        for (byte[] body : bodies) {
            Reply reply = harness.send("PATCH", "/v1/me", body, "application/json", token);
            assertProblem(reply, 400, "malformed-json");
        }
        assertThat(harness.get("/v1/me", token).text("displayName")).isEqualTo(before);

        byte[] upload = Uploads.body(Map.of("caption", "CAPTION-HERE", "visibility", "public", "durationMs", "3000"),
                Uploads.mp4(3000, 16));
        String latin = new String(upload, StandardCharsets.ISO_8859_1);
        int at = latin.indexOf("CAPTION-HERE");
        byte[] crafted = new byte[upload.length - "CAPTION-HERE".length() + 2];
        System.arraycopy(upload, 0, crafted, 0, at);
        crafted[at] = (byte) 0xc0;
        crafted[at + 1] = (byte) 0xaf;
        System.arraycopy(upload, at + "CAPTION-HERE".length(), crafted, at + 2,
                upload.length - at - "CAPTION-HERE".length());
        Reply refused = harness.send("POST", "/v1/videos", crafted, Uploads.CONTENT_TYPE, token);
        assertProblem(refused, 400, "validation");
        assertThat(refused.errorFields()).containsExactly("caption");
    }
}

package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VideosIT {
    private static AppHarness harness;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void start() {
        harness = new AppHarness();
        harness.signUp("alice_v");
        harness.signUp("bob_v");
        alice = harness.logIn("alice_v", AppHarness.PASSWORD);
        bob = harness.logIn("bob_v", AppHarness.PASSWORD);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static Reply upload(String token, Map<String, String> fields, byte[] media) {
        return harness.send("POST", "/v1/videos", Uploads.body(fields, media), Uploads.CONTENT_TYPE, token);
    }

    static long uploadOk(String token, String visibility, byte[] media) {
        Reply reply = upload(token, Uploads.fields(visibility), media);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    @Test
    void upload_validMp4_isStoredEncryptedAndDescribed() throws Exception {
        byte[] media = Uploads.mp4(100_000, 1);

        Reply reply = upload(alice, Uploads.fields("public"), media);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.text("author")).isEqualTo("alice_v");
        assertThat(reply.text("mediaType")).isEqualTo("video/mp4");
        assertThat(reply.json().path("mediaBytes").asLong()).isEqualTo(100_000);
        assertThat(reply.json().path("hashtags").toString()).isEqualTo("[\"sea\",\"summer\"]");
        assertThat(reply.json().path("counters").path("likes").asLong()).isZero();
        Path dir = harness.settings.blobDirectory();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                byte[] stored = Files.readAllBytes(f);
                assertThat(Arrays.equals(Arrays.copyOfRange(stored, 0, 8), Arrays.copyOfRange(media, 0, 8)))
                        .isFalse();
                assertThat(indexOf(stored, Arrays.copyOfRange(media, 1000, 1032))).isEqualTo(-1);
            }
        }
    }

    @Test
    void upload_webm_isAccepted() {
        Reply reply = upload(alice, Uploads.fields("public"), Uploads.webm(5_000));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        assertThat(reply.text("mediaType")).isEqualTo("video/webm");
    }

    @Test
    void upload_fakeMedia_is415AndStoresNothing() throws Exception {
        long before = count("app_videos");

        Reply reply = upload(alice, Uploads.fields("public"), "<html>not a video</html>".getBytes());

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.problem()).isEqualTo("unsupported-video");
        assertThat(count("app_videos")).isEqualTo(before);
    }

    @Test
    void upload_oversizedMedia_is413() {
        Reply reply = upload(alice, Uploads.fields("public"),
                Uploads.mp4((int) AppHarness.MAX_MEDIA_BYTES + 1, 2));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.problem()).isEqualTo("payload-too-large");
    }

    @Test
    void upload_missingAndBadFields_is400ListingEach() {
        Map<String, String> fields = Uploads.fields("secret");
        fields.put("durationMs", "-5");
        fields.put("colour", "red");

        Reply reply = upload(alice, fields, null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).containsExactlyInAnyOrder("colour", "media", "visibility", "durationMs");
    }

    @Test
    void upload_malformedMultipartOrWrongTypes_is400AndStoresNothing() throws Exception {
        long before = count("app_videos");
        Map<String, String> fields = Uploads.fields("public");
        fields.put("durationMs", "fifteen seconds");
        fields.put("hashtags", "ok, not-a-tag!");

        Reply types = upload(alice, fields, Uploads.mp4(1000, 8));
        Reply truncated = harness.send("POST", "/v1/videos", Arrays.copyOf(Uploads.body(Uploads.fields("public"),
                Uploads.mp4(1000, 8)), 700), Uploads.CONTENT_TYPE, alice);
        Reply noBoundary = harness.send("POST", "/v1/videos", Uploads.body(Uploads.fields("public"),
                Uploads.mp4(1000, 8)), "multipart/form-data", alice);

        assertThat(types.errorFields()).containsExactlyInAnyOrder("durationMs", "hashtags");
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.problem()).isEqualTo("malformed-request");
        assertThat(noBoundary.status()).isEqualTo(415);
        assertThat(count("app_videos")).isEqualTo(before);
    }

    @Test
    void userVideos_unknownHandle_is404() {
        assertThat(harness.get("/v1/users/no_such_user/videos", alice).status()).isEqualTo(404);
    }

    @Test
    void upload_withoutToken_is401_andJson_is415() {
        assertThat(upload(null, Uploads.fields("public"), Uploads.mp4(1000, 3)).status()).isEqualTo(401);
        assertThat(harness.post("/v1/videos", "{}", alice).status()).isEqualTo(415);
    }

    @Test
    void media_rangeRequests_answerTheRightBytes() {
        byte[] media = Uploads.mp4(2_500_000, 4);
        long id = uploadOk(alice, "public", media);

        HttpResponse<byte[]> whole = harness.raw("/v1/videos/" + id + "/media", bob, Map.of());
        HttpResponse<byte[]> middle = harness.raw("/v1/videos/" + id + "/media", bob,
                Map.of("Range", "bytes=1048570-1048600"));
        HttpResponse<byte[]> suffix = harness.raw("/v1/videos/" + id + "/media", bob, Map.of("Range", "bytes=-10"));
        HttpResponse<byte[]> outside = harness.raw("/v1/videos/" + id + "/media", bob,
                Map.of("Range", "bytes=2500000-"));

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(media);
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1048570-1048600/2500000");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(media, 1048570, 1048601));
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(media, media.length - 10, media.length));
        assertThat(outside.statusCode()).isEqualTo(416);
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */2500000");
    }

    @Test
    void privateVideo_isInvisibleToOthers_andVisibleToItsAuthor() {
        long id = uploadOk(alice, "private", Uploads.mp4(2000, 5));

        assertThat(harness.get("/v1/videos/" + id, alice).status()).isEqualTo(200);
        assertThat(harness.get("/v1/videos/" + id, alice).text("caption")).isEqualTo("A day at the sea");
        assertThat(harness.get("/v1/videos/" + id, bob).status()).isEqualTo(404);
        assertThat(harness.raw("/v1/videos/" + id + "/media", bob, Map.of()).statusCode()).isEqualTo(404);
        assertThat(harness.call("PUT", "/v1/videos/" + id + "/like", null, bob).status()).isEqualTo(404);
        assertThat(harness.get("/v1/users/alice_v/videos?limit=100", bob).body()).doesNotContain("\"id\":" + id + ",");
        assertThat(harness.get("/v1/users/alice_v/videos?limit=100", alice).body()).contains("\"id\":" + id + ",");
    }

    @Test
    void delete_ownVideo_removesIt_othersVideo_is404() {
        long id = uploadOk(alice, "public", Uploads.mp4(2000, 6));

        assertThat(harness.delete("/v1/videos/" + id, bob).status()).isEqualTo(404);
        assertThat(harness.delete("/v1/videos/" + id, alice).status()).isEqualTo(204);
        assertThat(harness.get("/v1/videos/" + id, alice).status()).isEqualTo(404);
        assertThat(harness.get("/v1/videos/999999", alice).status()).isEqualTo(404);
        assertThat(harness.get("/v1/videos/abc", alice).status()).isEqualTo(404);
    }

    @Test
    void nonPublicCaption_isStoredSealed() throws Exception {
        long id = uploadOk(alice, "followers", Uploads.mp4(2000, 7));

        try (Connection c = harness.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT caption, details FROM app_videos WHERE id = " + id)) {
            rs.next();
            assertThat(rs.getString(1)).isNull();
            assertThat(new String(rs.getBytes(2))).doesNotContain("sea");
        }
    }

    static long count(String table) throws Exception {
        try (Connection c = harness.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExportAndErasureIT {
    private static AppHarness harness;

    @BeforeAll
    static void start() {
        harness = new AppHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String user(String handle) {
        harness.signUp(handle);
        return harness.logIn(handle, AppHarness.PASSWORD);
    }

    private static long upload(String token, String visibility) {
        Reply reply = harness.send("POST", "/v1/videos", Uploads.body(Uploads.fields(visibility),
                Uploads.mp4(3000, 11)), Uploads.CONTENT_TYPE, token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    private static void watch(String token, long video) {
        Reply reply = harness.post("/v1/events/watch", AppHarness.json(Map.of("events", List.of(Map.of(
                "id", UUID.randomUUID().toString(), "videoId", video, "watchedMs", 4000)))), token);
        assertThat(reply.json().path("stored").asInt()).isEqualTo(1);
    }

    @Test
    void export_containsEverythingAboutTheUser_decrypted() {
        String owner = user("exp_owner");
        String me = user("exp_me");
        long theirs = upload(owner, "followers");
        harness.put("/v1/users/exp_owner/follow", null, me);
        long mine = upload(me, "private");
        harness.put("/v1/videos/" + theirs + "/like", null, me);
        harness.post("/v1/videos/" + theirs + "/comments", "{\"text\": \"only for followers\"}", me);
        harness.post("/v1/videos/" + theirs + "/shares", null, me);
        watch(me, theirs);

        Reply export = harness.get("/v1/me/export", me);

        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.json().path("account").path("email").asText()).isEqualTo("exp_me@example.org");
        assertThat(export.json().path("videos").get(0).path("id").asLong()).isEqualTo(mine);
        assertThat(export.json().path("videos").get(0).path("mediaUrl").asText())
                .isEqualTo("/v1/videos/" + mine + "/media");
        assertThat(export.json().path("following").get(0).asText()).isEqualTo("exp_owner");
        assertThat(export.json().path("likes").get(0).asLong()).isEqualTo(theirs);
        assertThat(export.json().path("shares").get(0).asLong()).isEqualTo(theirs);
        assertThat(export.json().path("comments").get(0).path("text").asText()).isEqualTo("only for followers");
        assertThat(export.json().path("watchHistory").get(0).path("videoId").asLong()).isEqualTo(theirs);
        assertThat(harness.get("/v1/me/export", null).status()).isEqualTo(401);
    }

    @Test
    void delete_erasesContent_keepsOthersCountersConsistent() throws Exception {
        String owner = user("del_owner");
        String leaver = user("del_leaver");
        long theirs = upload(owner, "public");
        long leaversVideo = upload(leaver, "public");
        harness.put("/v1/users/del_owner/follow", null, leaver);
        harness.put("/v1/videos/" + theirs + "/like", null, leaver);
        harness.post("/v1/videos/" + theirs + "/comments", "{\"text\": \"bye\"}", leaver);
        harness.post("/v1/videos/" + theirs + "/shares", null, leaver);
        watch(leaver, theirs);
        watch(owner, theirs);
        long blobsBefore;
        try (var files = Files.list(harness.settings.blobDirectory())) {
            blobsBefore = files.count();
        }

        Reply wrong = harness.call("DELETE", "/v1/me", "{\"password\": \"not the password\"}", leaver);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(harness.get("/v1/videos/" + leaversVideo, owner).status()).isEqualTo(200);

        Reply gone = harness.call("DELETE", "/v1/me", AppHarness.json(Map.of("password", AppHarness.PASSWORD)),
                leaver);

        assertThat(gone.status()).as(gone.toString()).isEqualTo(204);
        assertThat(harness.get("/v1/me", leaver).status()).isEqualTo(401);
        assertThat(harness.get("/v1/videos/" + leaversVideo, owner).status()).isEqualTo(404);
        assertThat(harness.get("/v1/users/del_leaver", owner).status()).isEqualTo(404);
        Reply counters = harness.get("/v1/videos/" + theirs, owner);
        assertThat(counters.json().path("counters").path("likes").asLong()).isZero();
        assertThat(counters.json().path("counters").path("comments").asLong()).isZero();
        assertThat(counters.json().path("counters").path("shares").asLong()).isZero();
        assertThat(counters.json().path("counters").path("views").asLong()).isEqualTo(1);
        assertThat(harness.get("/v1/me/followers", owner).json().path("items").size()).isZero();
        try (var files = Files.list(harness.settings.blobDirectory())) {
            assertThat(files.count()).isEqualTo(blobsBefore - 1);
        }
    }
}

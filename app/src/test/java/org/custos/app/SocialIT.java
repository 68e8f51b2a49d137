package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SocialIT {
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
                Uploads.mp4(4000, visibility.hashCode())), Uploads.CONTENT_TYPE, token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    private static List<String> handles(Reply reply) {
        List<String> out = new ArrayList<>();
        reply.json().path("items").forEach(i -> out.add(i.path("handle").asText()));
        return out;
    }

    @Test
    void follow_listsBothSides_andUnfollowRemovesTheEdge() {
        String ann = user("ann_s");
        String ben = user("ben_s");
        String cat = user("cat_s");

        assertThat(harness.put("/v1/users/ben_s/follow", null, ann).status()).isEqualTo(204);
        assertThat(harness.put("/v1/users/ben_s/follow", null, ann).status()).isEqualTo(204);
        assertThat(harness.put("/v1/users/ben_s/follow", null, cat).status()).isEqualTo(204);
        assertThat(harness.put("/v1/users/cat_s/follow", null, ann).status()).isEqualTo(204);

        assertThat(handles(harness.get("/v1/me/following", ann))).containsExactlyInAnyOrder("ben_s", "cat_s");
        assertThat(handles(harness.get("/v1/me/followers", ben))).containsExactlyInAnyOrder("ann_s", "cat_s");
        assertThat(harness.delete("/v1/users/ben_s/follow", ann).status()).isEqualTo(204);
        assertThat(handles(harness.get("/v1/me/followers", ben))).containsExactly("cat_s");
        assertThat(harness.put("/v1/users/ann_s/follow", null, ann).status()).isEqualTo(400);
        assertThat(harness.put("/v1/users/nobody_here/follow", null, ann).status()).isEqualTo(404);
    }

    @Test
    void followLists_paginateWithCursors() {
        String star = user("star_s");
        for (int i = 0; i < 5; i++) {
            String fan = user("fan" + i + "_s");
            harness.clock.advance(java.time.Duration.ofSeconds(1));
            harness.put("/v1/users/star_s/follow", null, fan);
        }
        List<String> seen = new ArrayList<>();
        String path = "/v1/me/followers?limit=2";
        for (int page = 0; page < 5; page++) {
            Reply reply = harness.get(path, star);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            seen.addAll(handles(reply));
            JsonNode next = reply.json().path("next");
            if (next.isNull()) {
                break;
            }
            path = "/v1/me/followers?limit=2&cursor=" + next.asText();
        }
        assertThat(seen).containsExactly("fan4_s", "fan3_s", "fan2_s", "fan1_s", "fan0_s");
        assertThat(harness.get("/v1/me/followers?cursor=bogus", star).status()).isEqualTo(400);
        assertThat(harness.get("/v1/me/followers?limit=0", star).status()).isEqualTo(400);
    }

    @Test
    void followersOnlyVideo_isVisibleOnlyToFollowers() {
        String owner = user("owner_s");
        String fan = user("afan_s");
        String stranger = user("stranger_s");
        long id = upload(owner, "followers");
        harness.put("/v1/users/owner_s/follow", null, fan);

        assertThat(harness.get("/v1/videos/" + id, fan).status()).isEqualTo(200);
        assertThat(harness.get("/v1/videos/" + id, fan).text("caption")).isEqualTo("A day at the sea");
        assertThat(harness.get("/v1/videos/" + id, stranger).status()).isEqualTo(404);
        assertThat(harness.get("/v1/videos/" + id + "/comments", stranger).status()).isEqualTo(404);
        assertThat(harness.get("/v1/feeds/following", fan).body()).contains("\"id\":" + id + ",");
        harness.delete("/v1/users/owner_s/follow", fan);
        assertThat(harness.get("/v1/videos/" + id, fan).status()).isEqualTo(404);
    }

    @Test
    void likes_areIdempotent_andCountersFollowThem() {
        String author = user("liked_s");
        String a = user("likera_s");
        String b = user("likerb_s");
        long id = upload(author, "public");

        harness.put("/v1/videos/" + id + "/like", null, a);
        harness.put("/v1/videos/" + id + "/like", null, a);
        Reply both = harness.put("/v1/videos/" + id + "/like", null, b);
        assertThat(both.json().path("counters").path("likes").asLong()).isEqualTo(2);
        Reply after = harness.delete("/v1/videos/" + id + "/like", a);
        assertThat(after.json().path("counters").path("likes").asLong()).isEqualTo(1);
        Reply again = harness.delete("/v1/videos/" + id + "/like", a);
        assertThat(again.json().path("counters").path("likes").asLong()).isEqualTo(1);
        Reply shared = harness.post("/v1/videos/" + id + "/shares", null, b);
        assertThat(shared.json().path("counters").path("shares").asLong()).isEqualTo(1);
    }

    @Test
    void shares_oncePerUserPerVideo_repeatChangesNoCounter() throws Exception {
        String author = user("shared_s");
        String a = user("sharera_s");
        String b = user("sharerb_s");
        long id = upload(author, "public");

        Reply first = harness.post("/v1/videos/" + id + "/shares", null, a);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("counters").path("shares").asLong()).isEqualTo(1);
        Reply repeat = harness.post("/v1/videos/" + id + "/shares", null, a);
        assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
        assertThat(repeat.json().path("counters").path("shares").asLong()).isEqualTo(1);
        Reply other = harness.post("/v1/videos/" + id + "/shares", null, b);
        assertThat(other.json().path("counters").path("shares").asLong()).isEqualTo(2);
        try (Connection c = harness.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM app_shares WHERE video_id = " + id)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
        // The rule is the schema's, not only the route's: a second row for the same sharer cannot be written.
        try (Connection c = harness.dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("""
                    INSERT INTO app_shares (video_id, sharer_index, sharer, created_at)
                    SELECT video_id, sharer_index, sharer, created_at FROM app_shares WHERE video_id = """ + id))
                    .isInstanceOf(SQLException.class).hasMessageContaining("app_shares_once");
        }
    }

    @Test
    void share_withABody_isRefusedAndChangesNothing() {
        String author = user("bodied_s");
        String a = user("bodier_s");
        long id = upload(author, "public");

        Reply json = harness.post("/v1/videos/" + id + "/shares", "{\"note\": \"look\"}", a);
        assertThat(json.status()).as(json.toString()).isEqualTo(400);
        assertThat(json.header("Content-Type")).startsWith("application/problem+json");
        assertThat(json.problem()).isEqualTo("malformed-request");
        Reply empty = harness.post("/v1/videos/" + id + "/shares", "{}", a);
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        Reply text = harness.send("POST", "/v1/videos/" + id + "/shares",
                "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/plain", a);
        assertThat(text.status()).as(text.toString()).isEqualTo(415);
        assertThat(text.problem()).isEqualTo("unsupported-media-type");

        assertThat(harness.get("/v1/videos/" + id, a).json().path("counters").path("shares").asLong()).isZero();
    }

    @Test
    void comments_createListDelete_keepTheCounter() {
        String author = user("talked_s");
        String c = user("talker_s");
        long id = upload(author, "public");

        Reply first = harness.post("/v1/videos/" + id + "/comments", "{\"text\": \"first!\"}", c);
        Reply second = harness.post("/v1/videos/" + id + "/comments", "{\"text\": \"second\"}", author);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.text("author")).isEqualTo("talker_s");

        Reply list = harness.get("/v1/videos/" + id + "/comments?limit=1", c);
        assertThat(list.json().path("items").get(0).path("text").asText()).isEqualTo("second");
        Reply rest = harness.get("/v1/videos/" + id + "/comments?limit=1&cursor=" + list.text("next"), c);
        assertThat(rest.json().path("items").get(0).path("text").asText()).isEqualTo("first!");

        long commentId = first.json().path("id").asLong();
        assertThat(harness.delete("/v1/comments/" + commentId, author).status()).isEqualTo(404);
        assertThat(harness.delete("/v1/comments/" + commentId, c).status()).isEqualTo(204);
        assertThat(harness.get("/v1/videos/" + id, c).json().path("counters").path("comments").asLong())
                .isEqualTo(1);
        Reply bad = harness.post("/v1/videos/" + id + "/comments", "{\"text\": 5, \"x\": 1}", c);
        assertThat(bad.errorFields()).containsExactlyInAnyOrder("text", "x");
        assertThat(harness.post("/v1/videos/" + id + "/comments", "{\"text\": \"  \"}", c).status()).isEqualTo(400);
    }

    @Test
    void commentOnFollowersOnlyVideo_isSealedAtRest() throws Exception {
        String author = user("closed_s");
        String fan = user("closedfan_s");
        harness.put("/v1/users/closed_s/follow", null, fan);
        long id = upload(author, "followers");

        Reply created = harness.post("/v1/videos/" + id + "/comments", "{\"text\": \"a very secret remark\"}", fan);
        assertThat(created.status()).isEqualTo(201);
        assertThat(harness.get("/v1/videos/" + id + "/comments", author).body()).contains("a very secret remark");
        try (Connection c = harness.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT body, sealed FROM app_comments WHERE video_id = " + id)) {
            rs.next();
            assertThat(rs.getString(1)).isNull();
            assertThat(new String(rs.getBytes(2))).doesNotContain("secret");
        }
    }

    @Test
    void socialRoutes_withoutToken_are401() {
        assertThat(harness.get("/v1/me/following", null).status()).isEqualTo(401);
        assertThat(harness.put("/v1/users/ann_s/follow", null, null).status()).isEqualTo(401);
        assertThat(harness.call("POST", "/v1/events/watch", "{\"events\": []}", null).status()).isEqualTo(401);
    }

    static Map<String, Object> event(String id, long video, long watchedMs) {
        return Map.of("id", id, "videoId", video, "watchedMs", watchedMs, "completed", true);
    }
}

package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventsAndFeedsIT {
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
        harness.clock.advance(Duration.ofSeconds(1));
        Reply reply = harness.send("POST", "/v1/videos", Uploads.body(Uploads.fields(visibility),
                Uploads.mp4(3000, System.nanoTime())), Uploads.CONTENT_TYPE, token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    private static Reply watch(String token, List<Map<String, Object>> events) {
        return harness.post("/v1/events/watch", AppHarness.json(Map.of("events", events)), token);
    }

    private static Map<String, Object> event(UUID id, long video, long watchedMs) {
        return Map.of("id", id.toString(), "videoId", video, "watchedMs", watchedMs, "completed", true);
    }

    private static long views(long video, String token) {
        return harness.get("/v1/videos/" + video, token).json().path("counters").path("views").asLong();
    }

    private static List<Long> ids(Reply reply) {
        List<Long> out = new ArrayList<>();
        reply.json().path("items").forEach(i -> out.add(i.path("id").asLong()));
        return out;
    }

    @Test
    void watchBatch_isIdempotentByClientEventId_andCountsViewsOnce() throws Exception {
        String author = user("evauthor");
        String viewer = user("evviewer");
        long video = upload(author, "public");
        List<Map<String, Object>> batch = List.of(event(UUID.randomUUID(), video, 20_000),
                event(UUID.randomUUID(), video, 3_000));

        Reply first = watch(viewer, batch);
        Reply retry = watch(viewer, batch);

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("stored").asInt()).isEqualTo(2);
        assertThat(retry.json().path("stored").asInt()).isZero();
        assertThat(retry.json().path("ignored").asInt()).isEqualTo(2);
        assertThat(views(video, viewer)).isEqualTo(2);
        try (Connection c = harness.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event FROM app_watch_events")) {
            while (rs.next()) {
                assertThat(new String(rs.getBytes(1))).doesNotContain("videoId");
            }
        }
    }

    @Test
    void concurrentBatches_raisingTheSameCountersInOppositeOrders_allLand() throws Exception {
        String author = user("evhot");
        List<Long> videos = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            videos.add(upload(author, "public"));
        }
        List<String> viewers = new ArrayList<>();
        for (int v = 0; v < 8; v++) {
            viewers.add(user("evhot" + v));
        }
        int rounds = 10;
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int v = 0; v < viewers.size(); v++) {
                String token = viewers.get(v);
                boolean reversed = v % 2 == 1;
                pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        List<Map<String, Object>> batch = new ArrayList<>();
                        for (long video : reversed ? videos.reversed() : videos) {
                            batch.add(event(UUID.randomUUID(), video, 1000));
                        }
                        statuses.add(watch(token, batch).status());
                    }
                });
            }
        }

        assertThat(statuses).hasSize(viewers.size() * rounds).containsOnly(200);
        for (long video : videos) {
            assertThat(views(video, author)).isEqualTo((long) viewers.size() * rounds);
        }
    }

    @Test
    void watchBatch_onPrivateOrUnknownVideos_storesNothingForThem() {
        String author = user("evprivate");
        String viewer = user("evsnoop");
        long hidden = upload(author, "private");

        Reply reply = watch(viewer, List.of(event(UUID.randomUUID(), hidden, 1000),
                event(UUID.randomUUID(), 987_654, 1000)));

        assertThat(reply.json().path("stored").asInt()).isZero();
        assertThat(views(hidden, author)).isZero();
    }

    @Test
    void watchBatch_badEvents_is400AndStoresNothing() {
        String author = user("evbad");
        long video = upload(author, "public");
        UUID dup = UUID.randomUUID();

        Reply reply = harness.post("/v1/events/watch", "{\"events\": [{\"id\": \"not-a-uuid\", \"videoId\": \"x\","
                + " \"watchedMs\": -1}, {\"id\": \"" + dup + "\", \"videoId\": " + video + ", \"watchedMs\": 5,"
                + " \"skipped\": \"yes\", \"extra\": 1}, {\"id\": \"" + dup + "\", \"videoId\": " + video
                + ", \"watchedMs\": 5}]}", author);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorFields()).contains("events[0].id", "events[0].videoId", "events[0].watchedMs",
                "events[1].skipped", "events[1].extra", "events[2].id");
        assertThat(views(video, author)).isZero();
        assertThat(harness.post("/v1/events/watch", "{\"events\": []}", author).status()).isEqualTo(400);
        assertThat(harness.post("/v1/events/watch", "{}", author).errorFields()).containsExactly("events");
    }

    @Test
    void forYou_ranksByPopularity_skipsWatched_andHidesPrivate() {
        String author = user("fyauthor");
        String crowd = user("fycrowd");
        String viewer = user("fyviewer");
        long popular = upload(author, "public");
        long lessPopular = upload(author, "public");
        long secret = upload(author, "private");
        List<Map<String, Object>> crowdEvents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            crowdEvents.add(event(UUID.randomUUID(), popular, 30_000));
        }
        crowdEvents.add(event(UUID.randomUUID(), lessPopular, 30_000));
        watch(crowd, crowdEvents);
        watch(author, List.of(event(UUID.randomUUID(), secret, 30_000)));
        // The database and the popularity list are shared with the other tests: past its refresh, and the whole list.
        harness.clock.advance(Duration.ofSeconds(11));

        List<Long> feed = ids(harness.get("/v1/feeds/for-you?limit=100", viewer));
        assertThat(feed).containsSubsequence(popular, lessPopular).doesNotContain(secret);

        watch(viewer, List.of(event(UUID.randomUUID(), popular, 30_000)));
        assertThat(ids(harness.get("/v1/feeds/for-you?limit=100", viewer))).doesNotContain(popular)
                .contains(lessPopular);
    }

    @Test
    void forYou_neverRecommendsTheCallersOwnVideos_andStillFillsThePage() {
        String author = user("fyown");
        String fan = user("fyownfan");
        String crowd = user("fyowncrowd");
        String stranger = user("fyownstranger");
        harness.put("/v1/users/fyown/follow", null, fan);
        long ownPublic = upload(author, "public");
        long ownFollowers = upload(author, "followers");
        long ownPrivate = upload(author, "private");
        long others = upload(crowd, "public");
        List<Map<String, Object>> crowdEvents = new ArrayList<>();
        List<Map<String, Object>> fanEvents = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // more than any other test's, so the author's own is the top of the list
            crowdEvents.add(event(UUID.randomUUID(), ownPublic, 30_000));
            if (i % 2 == 0) {
                fanEvents.add(event(UUID.randomUUID(), ownFollowers, 30_000));
                fanEvents.add(event(UUID.randomUUID(), others, 30_000));
            }
        }
        assertThat(watch(crowd, crowdEvents).status()).isEqualTo(200);
        assertThat(watch(fan, fanEvents).status()).isEqualTo(200);
        assertThat(watch(author, List.of(event(UUID.randomUUID(), ownPrivate, 30_000))).status()).isEqualTo(200);
        harness.clock.advance(Duration.ofSeconds(11)); // past the popularity list's refresh (the database is shared)

        List<Long> mine = ids(harness.get("/v1/feeds/for-you?limit=100", author));
        assertThat(mine).doesNotContain(ownPublic, ownFollowers, ownPrivate).contains(others);
        List<Long> one = ids(harness.get("/v1/feeds/for-you?limit=1", author));
        assertThat(one).as("the author's own hit is skipped, not left as a hole").hasSize(1)
                .doesNotContain(ownPublic, ownFollowers, ownPrivate);
        assertThat(ids(harness.get("/v1/feeds/for-you?limit=100", stranger))).startsWith(ownPublic)
                .contains(others).doesNotContain(ownFollowers, ownPrivate);
    }

    @Test
    void followingFeed_isReverseChronological_paginated_andRespectsVisibility() {
        String author = user("flauthor");
        String other = user("flother");
        String viewer = user("flviewer");
        harness.put("/v1/users/flauthor/follow", null, viewer);
        long v1 = upload(author, "public");
        long v2 = upload(author, "followers");
        long hidden = upload(author, "private");
        long v3 = upload(author, "public");
        upload(other, "public");

        Reply page1 = harness.get("/v1/feeds/following?limit=2", viewer);
        Reply page2 = harness.get("/v1/feeds/following?limit=2&cursor=" + page1.text("next"), viewer);

        assertThat(ids(page1)).containsExactly(v3, v2);
        assertThat(ids(page2)).containsExactly(v1);
        assertThat(page2.json().path("next").isNull()).isTrue();
        assertThat(ids(page1)).doesNotContain(hidden);
    }
}

package org.custos.app;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.custos.app.egress.ActivityScan;
import org.custos.app.egress.EgressVideo;
import org.custos.app.egress.PublicContent;
import org.custos.app.egress.UserDays;
import org.custos.vault.AuditEvent;
import org.custos.vault.OutboxEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data sources of the egress gateway, over the app's real tables. */
class EgressSourcesIT {
    private AppHarness harness;
    private String authorToken;
    private long author;
    private long publicVideo;
    private long followersVideo;
    private long privateVideo;

    @BeforeEach
    void setUp() {
        harness = new AppHarness();
        author = harness.signUp("egress_author");
        authorToken = harness.logIn("egress_author", AppHarness.PASSWORD);
        publicVideo = upload("public");
        followersVideo = upload("followers");
        privateVideo = upload("private");
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private long upload(String visibility) {
        Reply reply = harness.send("POST", "/v1/videos", Uploads.body(Uploads.fields(visibility),
                Uploads.mp4(4000, visibility.hashCode())), Uploads.CONTENT_TYPE, authorToken);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().path("id").asLong();
    }

    @Test
    void publicContent_returnsOnlyPublicVideos_whateverIsAskedFor() {
        PublicContent content = new PublicContent(harness.dataSource);
        assertThat(content.after(0, 100)).extracting(EgressVideo::id).containsExactly(publicVideo);
        assertThat(content.byIds(List.of(publicVideo, followersVideo, privateVideo, 999L)))
                .extracting(EgressVideo::id).containsExactly(publicVideo);
        EgressVideo video = content.after(0, 1).getFirst();
        assertThat(video.authorHandle()).isEqualTo("egress_author");
        assertThat(video.caption()).isEqualTo("A day at the sea");
    }

    @Test
    void likerKeys_areOpaqueStablePerUser_andEmptyForNonPublicVideos() {
        harness.signUp("egress_liker");
        String token = harness.logIn("egress_liker", AppHarness.PASSWORD);
        long secondPublic = upload("public");
        assertThat(harness.put("/v1/videos/" + publicVideo + "/like", "", token).status()).isBetween(200, 204);
        assertThat(harness.put("/v1/videos/" + secondPublic + "/like", "", token).status()).isBetween(200, 204);
        assertThat(harness.put("/v1/videos/" + secondPublic + "/like", "", authorToken).status()).isBetween(200, 204);
        assertThat(harness.put("/v1/videos/" + followersVideo + "/like", "", authorToken).status()).isBetween(200, 204);
        PublicContent content = new PublicContent(harness.dataSource);
        List<String> keys = content.likerKeys(publicVideo, 10);
        assertThat(keys).hasSize(1).allMatch(k -> k.matches("[0-9a-f]{64}"));
        // The same liker has the same key on every video; another liker has another.
        assertThat(content.likerKeys(secondPublic, 10)).hasSize(2).contains(keys.getFirst());
        assertThat(content.likerKeys(followersVideo, 10)).isEmpty();
    }

    @Test
    void activityScan_sumsWatchTimePerDay_asAnAccountedServiceRead() {
        String body = "{\"events\":[{\"id\":\"" + UUID.randomUUID() + "\",\"videoId\":" + publicVideo
                + ",\"watchedMs\":4000},{\"id\":\"" + UUID.randomUUID() + "\",\"videoId\":" + publicVideo
                + ",\"watchedMs\":6000}]}";
        assertThat(harness.post("/v1/events/watch", body, authorToken).status()).isBetween(200, 202);
        ActivityScan scan = new ActivityScan(harness.dataSource, harness.vault);
        LocalDate today = LocalDate.parse("2026-01-15");
        List<UserDays> seen = new ArrayList<>();
        long rows = scan.scan(today, today, seen::add);
        assertThat(rows).isEqualTo(3); // one user, two events
        assertThat(seen).containsExactly(new UserDays(LocalDate.parse("1990-04-01"), "FR",
                java.util.Map.of(today, 10_000L)));
        List<UserDays> tomorrow = new ArrayList<>();
        scan.scan(today.plusDays(1), today.plusDays(1), tomorrow::add);
        assertThat(tomorrow).isEmpty();

        harness.clock.advance(Duration.ofMinutes(1));
        harness.vault.flushServiceReads();
        List<AuditEvent.ServiceReads> reads = harness.vault.outbox().after(0, 10_000).stream()
                .map(OutboxEntry::event)
                .filter(AuditEvent.ServiceReads.class::isInstance).map(AuditEvent.ServiceReads.class::cast)
                .filter(r -> r.principal().equals(ActivityScan.CONTEXT.principal()))
                .toList();
        assertThat(reads).isNotEmpty()
                .allSatisfy(r -> assertThat(r.purpose()).isEqualTo(ActivityScan.CONTEXT.purpose()));
        assertThat(reads.stream().flatMap(r -> r.columns().stream()).map(Object::toString))
                .contains("app_watch_events.event", "app_users.birth_date", "app_users.region");
    }
}

package org.custos.app;

import org.custos.testing.Reply;
import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.custos.app.foryou.FactSubscription;
import org.custos.app.foryou.Ranking;
import org.custos.app.foryou.RankingPort;
import org.custos.recsys.api.Audience;
import org.custos.recsys.api.Fact;
import org.custos.vault.EnginePseudonyms;
import org.custos.vault.SubjectId;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.atomic.AtomicReference;
import org.custos.vault.DataClassCatalog;
import org.custos.vault.Migrations;
import org.custos.vault.Secret;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The For You feed as the app serves it, over real HTTP, real PostgreSQL and a real vault: its own popularity feed
 * when no algorithm answers, an attached algorithm's ranking re-checked against the visibility rule and topped up,
 * and the facts the algorithm learns from: the catalogue, follows, stored and live watch events and erasures, all
 * in the release's pseudonyms and counted as service reads.
 */
class ForYouFeedIT {
    private static HikariDataSource dataSource;
    private static Vault vault;
    private static Path keys;
    private static Path state;
    private static Path blobs;
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(TestDatabases.fresh("app"));
        pool.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(pool);
        Migrations.apply(dataSource, "vault");
        Migrations.apply(dataSource, "app");
        DataClassCatalog.load("vault", "app").verify(dataSource);
        keys = Files.createTempDirectory("custos-foryou-keys");
        state = Files.createTempDirectory("custos-foryou-state");
        blobs = Files.createTempDirectory("custos-app-blobs");
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        vault = Vault.open(VaultSettings.local(keys, Secret.of(master)), dataSource, CLOCK);
    }

    @AfterAll
    static void stop() throws IOException {
        vault.close();
        dataSource.close();
        for (Path dir : List.of(keys, state, blobs)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One run of the app, as one server process would run it. */
    private static final class Instance implements AutoCloseable {
        final App app;
        final WebServer server;
        final URI base;

        Instance() {
            AppSettings settings = AppHarness.testSettings().withMedia(blobs, AppHarness.MAX_MEDIA_BYTES);
            app = App.create(dataSource, vault, CLOCK, settings);
            server = WebServer.builder().port(0).routing(app::register).build().start();
            base = URI.create("http://localhost:" + server.port());
        }

        Reply call(String method, String path, byte[] body, String contentType, String token) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try {
                return Reply.of(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        Reply post(String path, String json, String token) {
            return call("POST", path, json.getBytes(StandardCharsets.UTF_8), "application/json", token);
        }

        String user(String handle) {
            Reply signUp = post("/v1/accounts", AppHarness.signUpJson(handle, handle + "@example.org"), null);
            assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);
            Reply logIn = post("/v1/sessions", AppHarness.json(Map.of("login", handle,
                    "password", AppHarness.PASSWORD)), null);
            assertThat(logIn.status()).as(logIn.toString()).isEqualTo(201);
            return logIn.text("token");
        }

        String logIn(String handle) {
            return post("/v1/sessions", AppHarness.json(Map.of("login", handle, "password", AppHarness.PASSWORD)),
                    null).text("token");
        }

        long upload(String token, String visibility) {
            Reply reply = call("POST", "/v1/videos", Uploads.body(Uploads.fields(visibility),
                    Uploads.mp4(3000, System.nanoTime())), Uploads.CONTENT_TYPE, token);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            return reply.json().path("id").asLong();
        }

        void watch(String token, long video, int times) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                events.add(Map.of("id", UUID.randomUUID().toString(), "videoId", video, "watchedMs", 30_000,
                        "completed", true));
            }
            Reply reply = post("/v1/events/watch", AppHarness.json(Map.of("events", events)), token);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        }

        List<Long> feed(String token) {
            return feedReply(token).ids();
        }

        record Page(List<Long> ids, String release) {
        }

        Page feedReply(String token) {
            Reply reply = call("GET", "/v1/feeds/for-you?limit=10", null, null, token);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            List<Long> ids = new ArrayList<>();
            reply.json().path("items").forEach(i -> ids.add(i.path("id").asLong()));
            return new Page(ids, reply.header("Custos-Release"));
        }

        long userId(String token) {
            return call("GET", "/v1/me", null, null, token).json().path("id").asLong();
        }

        /** Polls the feed until it satisfies {@code condition}, for at most {@code within}; returns the last. */
        List<Long> feedUntil(String token, Predicate<List<Long>> condition, Duration within) {
            long deadline = System.nanoTime() + within.toNanos();
            List<Long> feed = feed(token);
            while (!condition.test(feed) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
                feed = feed(token);
            }
            return feed;
        }

        @Override
        public void close() {
            server.stop();
            app.close();
        }
    }

    /** Polls a subscription until nothing more arrives for a while; returns every fact seen. */
    private static List<Fact> drain(FactSubscription subscription) {
        List<Fact> facts = new ArrayList<>();
        int quiet = 0;
        while (quiet < 5) {
            FactSubscription.Batch batch = subscription.poll(1000);
            facts.addAll(batch.facts());
            quiet = batch.facts().isEmpty() && batch.caughtUp() ? quiet + 1 : 0;
            if (batch.facts().isEmpty()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        return facts;
    }

    @Test
    void withoutAnAlgorithm_theFeedIsThePopularityFeed() {
        try (Instance app = new Instance()) {
            String author = app.user("fypopauthor");
            String crowd = app.user("fypopcrowd");
            String viewer = app.user("fypopviewer");
            long quiet = app.upload(author, "public");
            long hit = app.upload(author, "public");
            long secret = app.upload(author, "private");
            app.watch(crowd, hit, 20);
            CLOCK.advance(Duration.ofSeconds(11)); // past the popularity list's refresh
            Instance.Page page = app.feedReply(viewer);
            assertThat(page.ids()).startsWith(hit).contains(quiet).doesNotContain(secret);
            assertThat(page.release()).contains("algorithm=popularity");
            app.watch(viewer, hit, 1);
            assertThat(app.feed(viewer)).as("what the viewer just watched moves out").doesNotContain(hit);
        }
    }

    @Test
    void anAttachedAlgorithm_servesChecked_andTheFeedFillsWhatItLeavesOut() {
        try (Instance app = new Instance()) {
            String author = app.user("fyalgauthor");
            String viewer = app.user("fyalgviewer");
            long chosen = app.upload(author, "public");
            long filler = app.upload(author, "public");
            long forFollowers = app.upload(author, "followers");
            long secret = app.upload(author, "private");
            AtomicReference<List<Long>> answer = new AtomicReference<>(List.of(secret, forFollowers, chosen,
                    999_999_999L));
            app.app.attachAlgorithm((subject, at, count) -> Optional.of(new Ranking(answer.get(), "sha256:" + "ab".repeat(32))),
                    servedBy -> "server=sha256:test, algorithm=" + servedBy);
            Instance.Page page = app.feedReply(viewer);
            assertThat(page.ids()).as("private, followers-only (not a follower) and unknown ids are dropped")
                    .startsWith(chosen).doesNotContain(secret, forFollowers, 999_999_999L).contains(filler);
            assertThat(page.release()).isEqualTo("server=sha256:test, algorithm=sha256:" + "ab".repeat(32));
            app.app.attachAlgorithm(RankingPort.NONE, servedBy -> "algorithm=" + servedBy);
            assertThat(app.feedReply(viewer).release()).isEqualTo("algorithm=popularity");
        }
    }

    @Test
    void anAttachedAlgorithm_neverGetsTheCallersOwnVideosShown_andThePageIsFilledWithOthers() {
        try (Instance app = new Instance()) {
            String author = app.user("fyownalgauthor");
            String fan = app.user("fyownalgfan");
            String crowd = app.user("fyownalgcrowd");
            assertThat(app.call("PUT", "/v1/users/fyownalgauthor/follow", null, null, fan).status()).isEqualTo(204);
            long ownPublic = app.upload(author, "public");
            long ownFollowers = app.upload(author, "followers");
            long ownPrivate = app.upload(author, "private");
            long others = app.upload(crowd, "public");
            app.watch(crowd, ownPublic, 30);
            app.watch(fan, ownFollowers, 30);
            app.watch(author, ownPrivate, 30);
            app.watch(fan, others, 5);
            // The algorithm is pseudonymous and cannot know who asks; it names the author's own videos first.
            app.app.attachAlgorithm((subject, at, count) -> Optional.of(new Ranking(
                            List.of(ownPrivate, ownFollowers, ownPublic, others), "sha256:" + "cd".repeat(32))),
                    servedBy -> "algorithm=" + servedBy);

            List<Long> mine = app.feed(author);
            assertThat(mine).as("none of the caller's own, and the page still filled")
                    .startsWith(others).doesNotContain(ownPublic, ownFollowers, ownPrivate);
            assertThat(app.feed(fan)).startsWith(ownFollowers, ownPublic, others).doesNotContain(ownPrivate);

            app.app.attachAlgorithm((subject, at, count) -> Optional.of(new Ranking(List.of(ownPublic),
                    "sha256:" + "cd".repeat(32))), servedBy -> "algorithm=" + servedBy);
            assertThat(app.feed(author)).as("an answer of only own videos is filled from popularity, minus own")
                    .contains(others).doesNotContain(ownPublic, ownFollowers, ownPrivate);
        }
    }

    @Test
    void theFacts_comeInTheReleasesPseudonyms_countedAndForgotten() {
        try (Instance app = new Instance()) {
            String author = app.user("fyfactauthor");
            String viewer = app.user("fyfactviewer");
            long authorId = app.userId(author);
            long viewerId = app.userId(viewer);
            long publicVideo = app.upload(author, "public");
            long forFollowers = app.upload(author, "followers");
            long secret = app.upload(author, "private");
            assertThat(app.call("PUT", "/v1/users/fyfactauthor/follow", null, null, viewer).status()).isEqualTo(204);
            app.watch(viewer, publicVideo, 2);
            EnginePseudonyms pseudonyms = vault.enginePseudonyms("test-release#1");
            long viewerPseudonym = pseudonyms.of(new SubjectId(viewerId));
            long authorPseudonym = pseudonyms.of(new SubjectId(authorId));
            assertThat(Set.of(viewerPseudonym, authorPseudonym)).doesNotContain(viewerId, authorId);
            CLOCK.advance(Duration.ofMinutes(1));
            vault.flushServiceReads();

            try (FactSubscription subscription = app.app.algorithmFacts().subscribe(pseudonyms, 0)) {
                List<Fact> catalogue = drain(subscription);
                List<Long> videos = catalogue.stream().filter(f -> f instanceof Fact.VideoPublished)
                        .map(f -> ((Fact.VideoPublished) f).video()).toList();
                assertThat(videos).contains(publicVideo, forFollowers).doesNotContain(secret);
                assertThat(catalogue).contains(new Fact.Followed(viewerPseudonym, authorPseudonym, true));
                assertThat(catalogue).filteredOn(f -> f instanceof Fact.VideoPublished v && v.video() == forFollowers)
                        .singleElement().satisfies(f -> {
                            assertThat(((Fact.VideoPublished) f).audience()).isEqualTo(Audience.FOLLOWERS);
                            assertThat(((Fact.VideoPublished) f).tags()).as("sealed tags never cross").isEmpty();
                        });
                assertThat(catalogue).filteredOn(f -> f instanceof Fact.Watched w && w.viewer() == viewerPseudonym)
                        .as("stored watches replayed").hasSize(2);
                assertThat(catalogue).filteredOn(f -> f instanceof Fact.Watched w && w.viewer() == viewerId)
                        .as("no account id crosses").isEmpty();

                app.watch(viewer, publicVideo, 3);
                long later = app.upload(author, "public");
                List<Fact> live = drain(subscription);
                assertThat(live).filteredOn(f -> f instanceof Fact.Watched w && w.viewer() == viewerPseudonym)
                        .as("live watches").hasSize(3);
                assertThat(live).anySatisfy(f -> assertThat(f).isEqualTo(new Fact.VideoPublished(later,
                        authorPseudonym, ((Fact.VideoPublished) f).durationMs(),
                        ((Fact.VideoPublished) f).uploadedAtMs(), Audience.PUBLIC, ((Fact.VideoPublished) f).tags())));
                CLOCK.advance(Duration.ofMinutes(1));
                assertThat(vault.flushServiceReads()).as("every protected value handed over is counted").isPositive();

                Reply erased = app.call("DELETE", "/v1/me", AppHarness.json(Map.of("password", AppHarness.PASSWORD))
                        .getBytes(StandardCharsets.UTF_8), "application/json", author);
                assertThat(erased.status()).as(erased.toString()).isEqualTo(204);
                List<Fact> afterErasure = drain(subscription);
                assertThat(afterErasure).contains(new Fact.VideoWithdrawn(publicVideo), new Fact.VideoWithdrawn(later),
                        new Fact.Forgotten(authorPseudonym));
                assertThat(afterErasure.getLast()).isEqualTo(new Fact.Forgotten(authorPseudonym));
            }
        }
    }

    @Test
    void aSubscriptionAfterAPosition_replaysOnlyTheLaterEvents() {
        try (Instance app = new Instance()) {
            String author = app.user("fyposauthor");
            String viewer = app.user("fyposviewer");
            long video = app.upload(author, "public");
            app.watch(viewer, video, 4);
            EnginePseudonyms pseudonyms = vault.enginePseudonyms("test-release#2");
            long position;
            try (FactSubscription first = app.app.algorithmFacts().subscribe(pseudonyms, 0)) {
                drain(first);
                position = first.poll(10).watchPosition();
            }
            assertThat(position).isPositive();
            app.watch(viewer, video, 2);
            try (FactSubscription second = app.app.algorithmFacts().subscribe(pseudonyms, position)) {
                assertThat(drain(second)).filteredOn(f -> f instanceof Fact.Watched).as("only the later ones").hasSize(2);
            }
        }
    }
}

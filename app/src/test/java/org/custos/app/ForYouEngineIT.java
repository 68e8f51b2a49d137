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
import org.custos.app.videos.RecommenderSettings;
import org.custos.vault.DataClassCatalog;
import org.custos.vault.Migrations;
import org.custos.vault.Secret;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The For You feed served by the online engine, over real HTTP, real PostgreSQL and a real vault: watch events
 * reach the engine within seconds, a restart restores its snapshot, and events stored while the engine was not
 * running (as after a crash) are replayed from the event table through the vault.
 */
class ForYouEngineIT {
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

        Instance(RecommenderSettings.Engine engine) {
            AppSettings settings = AppHarness.testSettings().withMedia(blobs, AppHarness.MAX_MEDIA_BYTES)
                    .withRecommender(RecommenderSettings.forYou(state).withEngine(engine));
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
            Reply reply = call("GET", "/v1/feeds/for-you?limit=10", null, null, token);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            List<Long> ids = new ArrayList<>();
            reply.json().path("items").forEach(i -> ids.add(i.path("id").asLong()));
            return ids;
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

    @Test
    void watchEvents_reachTheEngineWithinSeconds_andSurviveRestartAndCrash() throws IOException {
        long hit;
        long later;
        long secret;
        List<Long> beforeShutdown;
        try (Instance first = new Instance(RecommenderSettings.Engine.FOR_YOU)) {
            List<String> authors = List.of(first.user("fyeauthor1"), first.user("fyeauthor2"),
                    first.user("fyeauthor3"));
            String crowd = first.user("fyecrowd");
            String viewer = first.user("fyeviewer");
            List<Long> uploads = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                uploads.add(first.upload(authors.get(i % 3), "public"));
            }
            secret = first.upload(authors.getFirst(), "private");
            hit = uploads.get(4);
            later = uploads.get(2);
            List<Long> before = first.feed(viewer);
            assertThat(before).doesNotContain(secret);

            first.watch(crowd, hit, 20);

            List<Long> after = first.feedUntil(viewer, f -> !f.isEmpty() && f.getFirst() == hit,
                    Duration.ofSeconds(5));
            assertThat(after).as("feed before the events: %s", before).startsWith(hit).doesNotContain(secret);
            // The page once the trainer is idle (a batch may have been half-way when the condition held).
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            beforeShutdown = first.feed(viewer);
        }
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("a final snapshot at shutdown").anyMatch(n -> n.startsWith("snapshot-") && n.endsWith(".bin"));
        }

        try (Instance restarted = new Instance(RecommenderSettings.Engine.FOR_YOU)) {
            String viewer = restarted.logIn("fyeviewer");
            assertThat(restarted.feed(viewer)).as("restored from the snapshot").isEqualTo(beforeShutdown);
        }

        // Events stored while the engine does not run (the popularity feed serves) are in the table only, as
        // the events after the last snapshot are after a crash.
        try (Instance withoutEngine = new Instance(RecommenderSettings.Engine.POPULARITY)) {
            withoutEngine.watch(withoutEngine.logIn("fyecrowd"), later, 60);
        }
        CLOCK.advance(Duration.ofMinutes(1));
        vault.flushServiceReads();
        try (Instance recovered = new Instance(RecommenderSettings.Engine.FOR_YOU)) {
            String viewer = recovered.logIn("fyeviewer");
            List<Long> feed = recovered.feedUntil(viewer, f -> !f.isEmpty() && f.getFirst() == later,
                    Duration.ofSeconds(10));
            assertThat(feed).as("replayed from the event table").startsWith(later).doesNotContain(secret);
            CLOCK.advance(Duration.ofMinutes(1));
            assertThat(vault.flushServiceReads()).as("the replay's vault reads are counted").isPositive();
        }
    }
}

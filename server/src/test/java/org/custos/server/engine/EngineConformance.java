package org.custos.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.custos.recsys.model.FeatureKey;
import org.custos.release.Release;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.custos.server.TestInstances;
import org.custos.vault.SubjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every way of running the owner's algorithm must do, over the real server (HTTP, PostgreSQL, the vault, the
 * release gate, the transparency log), with the project's For You engine shipped through the gate at first start:
 * the app's facts reach it and its rankings serve For You within the app's rules; an erasure reaches it and every
 * snapshot; a restart restores the newest snapshot instead of relearning. Run against the engine in this JVM and
 * against the confined process.
 */
abstract class EngineConformance {

    @TempDir
    Path dataDir;

    /** How the algorithm is started: the in-process baseline, or the sandbox. */
    abstract EngineServices.Hooks hooks();

    ServerConfig config() {
        ServerConfig base = TestInstances.config(dataDir);
        EngineBundles.Bundle bundle = EngineBundles.forYou();
        return base.withEngine(base.engine()
                .withDefaultBundle(Optional.of(new EngineSettings.DefaultBundle(bundle.artifact(), bundle.source())))
                .withSnapshots(Duration.ofMinutes(5), Duration.ofSeconds(1)));
    }

    CustosServer start() throws InterruptedException {
        CustosServer server = CustosServer.start(config(), Clock.systemUTC(), hooks());
        server.engine().awaitBootstrap(Duration.ofSeconds(60));
        Release deployed = server.releaseGate().deployed().flatMap(d -> server.releaseGate().find(d.releaseId()))
                .orElseThrow(() -> new AssertionError("the default engine was not shipped: " + server.engine().status()));
        HostileEngineIT.awaitServing(server.engine().supervisor().orElseThrow(), deployed);
        return server;
    }

    @Test
    void theAppsFacts_reachTheAlgorithm_andItsRankingsServeForYouWithinTheAppsRules() throws Exception {
        try (CustosServer server = start()) {
            URI uri = server.baseUri();
            for (String handle : List.of("conf_author", "conf_follower", "conf_stranger")) {
                assertThat(TestInstances.signUp(uri, handle)).isEqualTo(201);
            }
            String author = TestInstances.logIn(uri, "conf_author");
            String follower = TestInstances.logIn(uri, "conf_follower");
            String stranger = TestInstances.logIn(uri, "conf_stranger");
            follow(uri, follower, "conf_author");
            long forFollowers = TestInstances.upload(uri, author, "followers");
            long secret = TestInstances.upload(uri, author, "private");
            long open = TestInstances.upload(uri, author, "public");
            String digest = server.engine().supervisor().orElseThrow().servingRelease().orElseThrow();

            TestInstances.Page page = awaitPage(uri, follower, p -> p.ids().contains(forFollowers));
            assertThat(page.release()).contains("algorithm=" + digest);
            assertThat(page.ids()).as("a followed creator's upload, from the algorithm").contains(forFollowers)
                    .doesNotContain(secret);
            TestInstances.Page strangers = TestInstances.forYou(uri, stranger, 20);
            assertThat(strangers.ids()).as("the app's visibility rule holds whatever the algorithm answers")
                    .doesNotContain(forFollowers, secret).contains(open);
        }
    }

    @Test
    void anErasure_reachesTheAlgorithm_andNoEarlierSnapshotStaysReadable() throws Exception {
        try (CustosServer server = start()) {
            URI uri = server.baseUri();
            TestInstances.signUp(uri, "erased_author");
            TestInstances.signUp(uri, "erased_viewer");
            String author = TestInstances.logIn(uri, "erased_author");
            String viewer = TestInstances.logIn(uri, "erased_viewer");
            long video = TestInstances.upload(uri, author, "public");
            TestInstances.watch(uri, viewer, video, 5);
            long viewerId = userId(uri, viewer);
            EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
            String releaseKey = supervisor.servingRelease().orElseThrow() + "#1";
            long pseudonym = server.boundary().vault().enginePseudonyms(releaseKey).of(new SubjectId(viewerId));
            byte[] userKey = ByteBuffer.allocate(8).putLong(FeatureKey.of(FeatureKey.Field.USER, pseudonym)).array();

            supervisor.snapshotNow().get();
            SnapshotShelf shelf = shelf(server);
            SnapshotShelf.Stored before = shelf.live().getLast();
            assertThat(indexOf(plaintext(shelf, before), userKey)).as("the viewer's row is in the snapshot").isNotNegative();

            HttpResponse<String> erased = TestInstances.HTTP.send(HttpRequest.newBuilder(uri.resolve("/v1/me"))
                    .header("Authorization", "Bearer " + viewer).header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(
                            "{\"password\":\"password-of-erased_viewer\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);

            HostileEngineIT.await(() -> shelf.live().stream().noneMatch(s -> s.id() == before.id()),
                    Duration.ofSeconds(30));
            List<SnapshotShelf.Stored> live = shelf.live();
            assertThat(live).as("every snapshot taken before the erasure is destroyed").isNotEmpty()
                    .allSatisfy(s -> assertThat(s.id()).isGreaterThan(before.id()));
            assertThat(before.file()).as("and its file removed").doesNotExist();
            assertThat(server.boundary().vault().objectKey(before.objectKey())).as("and its key destroyed").isEmpty();
            assertThat(indexOf(plaintext(shelf, live.getLast()), userKey))
                    .as("the snapshot taken after the erasure holds nothing of the viewer").isNegative();
        }
    }

    @Test
    void aRestart_restoresTheNewestSnapshot_insteadOfRelearning() throws Exception {
        try (CustosServer server = start()) {
            URI uri = server.baseUri();
            TestInstances.signUp(uri, "restart_author");
            String author = TestInstances.logIn(uri, "restart_author");
            long video = TestInstances.upload(uri, author, "public");
            TestInstances.watch(uri, author, video, 20);
            HostileEngineIT.await(() -> server.engine().supervisor().orElseThrow().telemetry()
                    .map(t -> t.eventsLearnt() >= 20).orElse(false), Duration.ofSeconds(20));
        }
        try (CustosServer restarted = start()) {
            var telemetry = restarted.engine().supervisor().orElseThrow().telemetry().orElseThrow();
            assertThat(telemetry.eventsLearnt()).as("nothing relearnt: the final snapshot was restored").isZero();
            assertThat(telemetry.embeddingRows()).as("and it holds what was learnt").isPositive();
        }
    }

    private static void follow(URI uri, String token, String handle) throws Exception {
        HttpResponse<String> response = TestInstances.HTTP.send(HttpRequest.newBuilder(uri.resolve("/v1/users/"
                        + handle + "/follow")).header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    private static long userId(URI uri, String token) {
        String body = TestInstances.get(uri, "/v1/me", token).body();
        return Long.parseLong(body.replaceFirst("(?s)^\\{\"id\":(\\d+).*", "$1"));
    }

    private static TestInstances.Page awaitPage(URI uri, String token,
                                                java.util.function.Predicate<TestInstances.Page> condition)
            throws InterruptedException {
        TestInstances.Page[] last = {TestInstances.forYou(uri, token, 20)};
        HostileEngineIT.await(() -> condition.test(last[0] = TestInstances.forYou(uri, token, 20)),
                Duration.ofSeconds(30));
        return last[0];
    }

    private static SnapshotShelf shelf(CustosServer server) {
        return new SnapshotShelf(server.boundary().dataSource(), server.boundary().vault(), Clock.systemUTC(),
                server.engine().supervisor().orElseThrow().snapshotDirectory());
    }

    private static byte[] plaintext(SnapshotShelf shelf, SnapshotShelf.Stored snapshot) throws Exception {
        try (InputStream in = shelf.open(snapshot)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}

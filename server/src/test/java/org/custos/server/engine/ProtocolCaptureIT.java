package org.custos.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.custos.app.population.PopulationImport;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.FrameTap;
import org.custos.recsys.api.wire.Frame;
import org.custos.recsys.api.wire.FrameCodec;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.custos.server.TestInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every byte that crosses into (and out of) the confined For You engine while a population lives on the server:
 * sign-ups with e-mail addresses, handles, names and birth dates, follows, uploads, watches, feed requests, and the
 * bundled KuaiRand sample imported into the running app. The stream never carries any of those values, and no
 * member field of any frame is an account id: the engine only ever sees its release's pseudonyms.
 */
class ProtocolCaptureIT {
    private static final Path DEMO = EngineBundles.ROOT.resolve("cli/src/main/resources/org/custos/cli/population/demo");

    @TempDir
    Path dataDir;

    @Test
    void theStream_carriesNoPersonalDataAndNoAccountId() throws Exception {
        List<byte[]> frames = new CopyOnWriteArrayList<>();
        FrameTap tap = (toEngine, frame) -> frames.add(frame.clone());
        ServerConfig base = TestInstances.config(dataDir);
        EngineBundles.Bundle bundle = EngineBundles.forYou();
        ServerConfig config = base.withEngine(base.engine().withDefaultBundle(Optional.of(
                new EngineSettings.DefaultBundle(bundle.artifact(), bundle.source()))));
        List<String> secrets = new ArrayList<>();
        try (CustosServer server = CustosServer.start(config, Clock.systemUTC(),
                new EngineServices.Hooks(tap, Optional.empty()))) {
            server.engine().awaitBootstrap(Duration.ofSeconds(60));
            EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
            HostileEngineIT.await(() -> supervisor.servingRelease().isPresent(), Duration.ofSeconds(60));
            URI uri = server.baseUri();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String handle = "capture_person_" + i;
                String email = "person." + i + "@mail.example.net";
                String name = "Person Number" + i;
                String birth = String.format("19%02d-%02d-%02d", 70 + i, 1 + i % 12, 10 + i);
                secrets.addAll(List.of(handle, email, name, birth, birth.replace("-", "")));
                int status = TestInstances.post(uri, "/v1/accounts", """
                        {"handle":"%s","displayName":"%s","email":"%s","password":"password-of-%s",\
                        "birthDate":"%s","region":"FR"}""".formatted(handle, name, email, handle, birth)).statusCode();
                assertThat(status).isEqualTo(201);
                tokens.add(TestInstances.logIn(uri, handle));
            }
            List<Long> videos = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                videos.add(TestInstances.upload(uri, tokens.get(i), i % 3 == 0 ? "followers" : "public"));
                TestInstances.HTTP.send(java.net.http.HttpRequest.newBuilder(uri.resolve("/v1/users/capture_person_"
                                + ((i + 1) % 12) + "/follow")).header("Authorization", "Bearer " + tokens.get(i))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            }
            for (int i = 0; i < 12; i++) {
                TestInstances.watch(uri, tokens.get(i), videos.get((i * 5) % 12), 3);
            }
            PopulationImport.into(server.app(), server.boundary().dataSource(), server.boundary().vault(),
                    Clock.systemUTC(), new SecureRandom()).importKuaiRand(DEMO, Integer.MAX_VALUE, PopulationImport.Progress.NONE);
            for (String token : tokens) {
                assertThat(TestInstances.forYou(uri, token, 10).status()).isEqualTo(200);
            }
            HostileEngineIT.await(() -> supervisor.telemetry().map(t -> t.eventsLearnt() >= 336).orElse(false),
                    Duration.ofSeconds(30));
            assertThat(supervisor.telemetry().orElseThrow().eventsLearnt()).as("the capture saw the population")
                    .isGreaterThanOrEqualTo(336);

            Set<Long> accounts = new HashSet<>();
            try (Connection c = server.boundary().dataSource().getConnection();
                 Statement q = c.createStatement();
                 ResultSet rs = q.executeQuery("SELECT id, handle, display_name FROM app_users")) {
                while (rs.next()) {
                    accounts.add(rs.getLong(1));
                    secrets.add(rs.getString(2));
                    if (rs.getString(3) != null && rs.getString(3).length() > 3) {
                        secrets.add(rs.getString(3));
                    }
                }
            }
            assertThat(accounts).hasSizeGreaterThan(250);

            String stream = new String(concat(frames), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(stream).as("the stream holds %s", secret).doesNotContain(secret);
            }
            int members = 0;
            for (byte[] raw : frames) {
                for (long member : members(FrameCodec.decode(raw))) {
                    members++;
                    assertThat(accounts).as("a member field that is an account id").doesNotContain(member);
                }
            }
            assertThat(members).as("member fields scanned").isGreaterThan(300);
        }
    }

    /** Every field of a frame that names a member (always a pseudonym). */
    private static List<Long> members(Frame frame) {
        List<Long> out = new ArrayList<>();
        if (frame instanceof Frame.Rank rank) {
            out.add(rank.query().viewer());
        } else if (frame instanceof Frame.Facts facts) {
            for (Fact fact : facts.facts()) {
                switch (fact) {
                    case Fact.Watched w -> out.add(w.viewer());
                    case Fact.VideoPublished v -> out.add(v.author());
                    case Fact.Followed f -> {
                        out.add(f.follower());
                        out.add(f.author());
                    }
                    case Fact.Forgotten f -> out.add(f.member());
                    case Fact.VideoWithdrawn v -> {
                    }
                }
            }
        }
        return out;
    }

    private static byte[] concat(List<byte[]> frames) {
        int size = frames.stream().mapToInt(f -> f.length).sum();
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] f : frames) {
            System.arraycopy(f, 0, all, at, f.length);
            at += f.length;
        }
        return all;
    }
}

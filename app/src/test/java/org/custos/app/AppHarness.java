package org.custos.app;

import org.custos.testing.Reply;
import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.custos.app.accounts.PasswordCost;
import org.custos.app.accounts.RateLimit;
import org.custos.vault.DataClassCatalog;
import org.custos.vault.Migrations;
import org.custos.vault.Secret;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;

/**
 * The whole app as the server runs it, on real parts: a fresh database in the shared embedded PostgreSQL, both
 * modules' migrations and the data-class gate, a local-keyset vault in a temporary directory, and a Helidon web
 * server on an ephemeral port, reached over real HTTP.
 */
final class AppHarness implements AutoCloseable {
    /** Cheap Argon2id for tests that are not about hashing cost; the defaults are tested on their own. */
    static final PasswordCost TEST_COST = new PasswordCost(1024, 1, 1);
    static final String PASSWORD = "correct horse battery";
    /** Small enough to test the cap cheaply, large enough for media of several 1 MiB encryption segments. */
    static final long MAX_MEDIA_BYTES = 3 * 1024 * 1024;

    final DataSource dataSource;
    final Vault vault;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
    final App app;
    final AppSettings settings;
    private final Path keys;
    private final WebServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    AppHarness() {
        this(testSettings());
    }

    /** Defaults, with cheap hashing and log-in limits that ordinary tests never reach. */
    static AppSettings testSettings() {
        Path blobs;
        try {
            blobs = Files.createTempDirectory("custos-app-blobs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AppSettings.defaults()
                .withMedia(blobs, MAX_MEDIA_BYTES)
                .withPasswordHashing(TEST_COST, 2, 64)
                .withLoginLimits(new RateLimit(1000, Duration.ofMillis(1)), new RateLimit(1000, Duration.ofMillis(1)));
    }

    AppHarness(AppSettings settings) {
        this(settings, (app, routing) -> { });
    }

    /** {@code extra} adds test-only routes, e.g. to exercise the {@code Authenticator} as a later feature would. */
    AppHarness(AppSettings settings, java.util.function.BiConsumer<App, io.helidon.webserver.http.HttpRouting.Builder> extra) {
        try {
            // Pooled, as the server runs it: the app and the vault each take connections per request.
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(TestDatabases.fresh("app"));
            pool.setMaximumPoolSize(16);
            dataSource = new HikariDataSource(pool);
            Migrations.apply(dataSource, "vault");
            Migrations.apply(dataSource, "app");
            DataClassCatalog.load("vault", "app").verify(dataSource);
            keys = Files.createTempDirectory("custos-app-keys");
            byte[] master = new byte[32];
            new SecureRandom().nextBytes(master);
            vault = Vault.open(VaultSettings.local(keys, Secret.of(master)), dataSource, clock);
            this.settings = settings;
            app = App.create(dataSource, vault, clock, settings);
            server = WebServer.builder().port(0).routing(routing -> {
                app.register(routing);
                extra.accept(app, routing);
            }).build().start();
            base = URI.create("http://localhost:" + server.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply call(String method, String path, String json, String token) {
        return send(method, path, json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/json", token);
    }

    Reply send(String method, String path, byte[] body, String contentType, String token) {
        return send(method, path, body, contentType, token, Map.of());
    }

    /** The raw answer, for media: status, headers and body bytes. */
    HttpResponse<byte[]> raw(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        request.header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Reply send(String method, String path, byte[] body, String contentType, String token,
               Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            return Reply.of(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Reply post(String path, String json) {
        return call("POST", path, json, null);
    }

    Reply post(String path, String json, String token) {
        return call("POST", path, json, token);
    }

    Reply get(String path, String token) {
        return call("GET", path, null, token);
    }

    Reply patch(String path, String json, String token) {
        return call("PATCH", path, json, token);
    }

    Reply put(String path, String json, String token) {
        return call("PUT", path, json, token);
    }

    Reply delete(String path, String token) {
        return call("DELETE", path, null, token);
    }

    static String signUpJson(String handle, String email) {
        return json(Map.of("handle", handle, "displayName", "Name of " + handle, "email", email,
                "password", PASSWORD, "birthDate", "1990-04-01", "region", "FR"));
    }

    /** Signs up {@code handle} with email {@code handle@example.org}; returns the new account's id. */
    long signUp(String handle) {
        Reply reply = post("/v1/accounts", signUpJson(handle, handle + "@example.org"));
        if (reply.status() != 201) {
            throw new AssertionError("sign-up failed: " + reply);
        }
        return reply.json().path("id").asLong();
    }

    /** Logs in and returns the bearer token. */
    String logIn(String login, String password) {
        Reply reply = post("/v1/sessions", json(Map.of("login", login, "password", password)));
        if (reply.status() != 201) {
            throw new AssertionError("log-in failed: " + reply);
        }
        return reply.text("token");
    }

    static String json(Map<String, ?> fields) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        app.close();
        vault.close();
        ((HikariDataSource) dataSource).close();
        for (Path dir : new Path[] {keys, settings.blobDirectory()}) {
            // Only directories this harness created; a benchmark with default settings points elsewhere.
            boolean ours = dir == keys || dir.getFileName().toString().startsWith("custos-app-blobs");
            if (!ours || !Files.exists(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package org.custos.lockbox;

import org.custos.testing.Reply;
import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;
import java.util.function.UnaryOperator;
import org.custos.app.App;
import org.custos.app.AppSettings;
import org.custos.app.accounts.OperatorCredentials;
import org.custos.app.accounts.PasswordCost;
import org.custos.app.accounts.RateLimit;
import org.custos.app.accounts.Role;
import org.custos.vault.AuditEvent;
import org.custos.vault.DataClassCatalog;
import org.custos.vault.Migrations;
import org.custos.vault.OutboxEntry;
import org.custos.vault.Secret;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;

/**
 * The lockbox as the server runs it, on real parts: a fresh database in the shared embedded PostgreSQL with the
 * vault's, the app's and the lockbox's migrations and the data-class gate, a local-keyset vault, the real app
 * (accounts, operators, tokens, user data) and a Helidon web server on an ephemeral port, reached over HTTP.
 */
final class LockboxHarness implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    final HikariDataSource dataSource;
    final Vault vault;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    final App app;
    final Lockbox lockbox;
    private final WebServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final Map<String, String> passwords = new java.util.concurrent.ConcurrentHashMap<>();

    LockboxHarness() {
        this(LockboxSettings.defaults());
    }

    LockboxHarness(LockboxSettings settings) {
        this(settings, UnaryOperator.identity());
    }

    /** {@code subjects} may wrap the app's user data, e.g. to hold a read open while the test acts. */
    LockboxHarness(LockboxSettings settings, UnaryOperator<SubjectData> subjects) {
        try {
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(TestDatabases.fresh("lockbox"));
            pool.setMaximumPoolSize(16);
            dataSource = new HikariDataSource(pool);
            Migrations.apply(dataSource, "vault");
            Migrations.apply(dataSource, "app");
            Migrations.apply(dataSource, "lockbox");
            DataClassCatalog.load("vault", "app", "lockbox").verify(dataSource);
            Path keys = Files.createTempDirectory("custos-lockbox-keys");
            byte[] master = new byte[32];
            new SecureRandom().nextBytes(master);
            vault = Vault.open(VaultSettings.local(keys, Secret.of(master)), dataSource, clock);
            app = App.create(dataSource, vault, clock, AppSettings.defaults()
                    .withMedia(Files.createTempDirectory("custos-lockbox-blobs"), 1024 * 1024)
                    .withPasswordHashing(new PasswordCost(1024, 1, 1), 2, 64)
                    .withLoginLimits(new RateLimit(1000, Duration.ofMillis(1)),
                            new RateLimit(1000, Duration.ofMillis(1))));
            lockbox = Lockbox.create(dataSource, vault, clock, settings, new AppCallers(app),
                    subjects.apply(new AppSubjectData(app)));
            server = WebServer.builder().port(0).routing(routing -> {
                app.register(routing);
                lockbox.register(routing);
            }).build().start();
            base = URI.create("http://localhost:" + server.port());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an operator with {@code roles} and returns a live token for it. */
    String operator(String name, Role... roles) {
        OperatorCredentials created = app.operators().create(name, Set.of(roles));
        passwords.put(name, created.password());
        return logIn(name);
    }

    /** A new live token for operator {@code name} made by {@link #operator} (after the clock outran the last). */
    String logIn(String name) {
        Reply reply = call("POST", "/v1/operator-sessions",
                json(Map.of("name", name, "password", passwords.get(name))), null);
        if (reply.status() != 201) {
            throw new AssertionError("operator log-in failed: " + reply);
        }
        return reply.text("token");
    }

    /** Signs up {@code handle} (email {@code handle@example.org}) and returns the account's id. */
    long user(String handle) {
        Reply reply = call("POST", "/v1/accounts", json(Map.of("handle", handle, "displayName", "Name of " + handle,
                "email", handle + "@example.org", "password", PASSWORD, "birthDate", "1990-04-01",
                "region", "FR")), null);
        if (reply.status() != 201) {
            throw new AssertionError("sign-up failed: " + reply);
        }
        return reply.json().path("id").asLong();
    }

    /** Files a request for {@code scopes} of {@code subject} and returns its id. */
    long file(String token, Object subject, List<String> scopes, int minutes) {
        Reply reply = call("POST", "/v1/lockbox/requests", json(Map.of("subject", subject, "scopes", scopes,
                "purpose", "support.debug-account", "justification", "Ticket 4711: log-in loop on the account",
                "durationMinutes", minutes)), token);
        if (reply.status() != 201) {
            throw new AssertionError("filing failed: " + reply);
        }
        return reply.json().path("id").asLong();
    }

    Reply approve(long id, String token) {
        return call("POST", "/v1/lockbox/requests/" + id + "/approve", null, token);
    }

    Reply deny(long id, String token) {
        return call("POST", "/v1/lockbox/requests/" + id + "/deny", null, token);
    }

    Reply revoke(long id, String token) {
        return call("POST", "/v1/lockbox/grants/" + id + "/revoke", null, token);
    }

    Reply read(long id, String token) {
        return call("GET", "/v1/lockbox/grants/" + id + "/data", null, token);
    }

    Reply show(long id, String token) {
        return call("GET", "/v1/lockbox/requests/" + id, null, token);
    }

    Reply call(String method, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return Reply.of(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every audit event in the vault's outbox, in outbox order. */
    List<OutboxEntry> outbox() {
        List<OutboxEntry> out = new ArrayList<>();
        long position = 0;
        while (true) {
            List<OutboxEntry> page = vault.outbox().after(position, 500);
            if (page.isEmpty()) {
                return out;
            }
            out.addAll(page);
            position = page.getLast().position();
        }
    }

    /** The lockbox steps of request {@code id}, in outbox order. */
    List<AuditEvent.AccessStep> steps(long id) {
        return outbox().stream().map(OutboxEntry::event)
                .filter(e -> e instanceof AuditEvent.AccessStep s && s.requestId().equals("lockbox-" + id))
                .map(AuditEvent.AccessStep.class::cast).toList();
    }

    static String json(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        lockbox.close();
        app.close();
        vault.close();
        dataSource.close();
    }
}

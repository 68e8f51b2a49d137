package org.custos.release;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.custos.testing.MutableClock;
import org.custos.testing.Reply;
import org.custos.testing.TestDatabases;
import org.custos.tlog.LogSettings;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.verify.LogSource;
import org.custos.vault.AuditEvent;
import org.custos.vault.DataClassCatalog;
import org.custos.vault.Migrations;
import org.custos.vault.OutboxEntry;
import org.custos.vault.Principal;
import org.custos.vault.Secret;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;

/**
 * The release gate on real parts: a fresh database in the shared embedded PostgreSQL with the vault's and the
 * gate's migrations and the data-class gate, a local-keyset vault, a real transparency log in a temporary
 * directory fed from the vault's outbox by {@link TestRelay}, the gate with a real (javac) rebuilder, and a Helidon
 * web server on an ephemeral port with the gate's routes, reached over HTTP with bearer tokens.
 */
final class GateHarness implements AutoCloseable {
    static final String LOG_ORIGIN = "example.org/custos-release-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    final HikariDataSource dataSource;
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    final Vault vault;
    final NoteSigner logSigner;
    final Path logDirectory;
    final TransparencyLog log;
    final TestRelay relay;
    final TestBundles bundles;
    final ReleaseSettings settings;
    final ReleaseGate gate;
    private final Map<String, Caller> tokens = new ConcurrentHashMap<>();
    private final WebServer server;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    GateHarness() throws Exception {
        this(UnaryOperator.identity());
    }

    GateHarness(UnaryOperator<ReleaseSettings> adjust) throws Exception {
        root = Files.createTempDirectory("custos-release-");
        dataSource = TestDatabases.fresh("release");
        Migrations.apply(dataSource, "vault");
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        vault = Vault.open(VaultSettings.local(root.resolve("keys"), Secret.of(master)), dataSource, clock);
        logSigner = NoteSigner.generate(LOG_ORIGIN, new SecureRandom());
        logDirectory = root.resolve("log");
        log = TransparencyLog.open(LogSettings.defaults(logDirectory, logSigner)
                .withBatching(512, Duration.ofMillis(1), Duration.ofMillis(20)));
        relay = new TestRelay(vault, log);
        bundles = new TestBundles(root.resolve("bundles"));
        settings = adjust.apply(ReleaseSettings.defaults(root.resolve("release"))
                .withAdmissionWait(Duration.ofSeconds(5)));
        gate = open(settings);
        DataClassCatalog.load("vault", "release").verify(dataSource);
        server = WebServer.builder().port(0).routing(gate::register).build().start();
        base = URI.create("http://localhost:" + server.port());
    }

    /** Another gate on the same database, log and blobs, with other settings (for example another signing key). */
    ReleaseGate open(ReleaseSettings with) {
        return open(with, logDirectory);
    }

    /** A gate reading the log from {@code logCopy} (a doctored copy of the log directory, for example). */
    ReleaseGate open(ReleaseSettings with, Path logCopy) {
        return ReleaseGate.create(dataSource, vault, clock, with, request -> request.headers()
                        .first(io.helidon.http.HeaderNames.AUTHORIZATION).map(v -> v.replaceFirst("^Bearer ", ""))
                        .map(tokens::get),
                LogSource.of(logCopy.toString()), logSigner.verifierKey(), bundles.store());
    }

    /** A token for operator {@code id} with {@code roles} (and READER, as every operator role reads). */
    String operator(String id, ReleaseRole... roles) {
        Set<ReleaseRole> set = EnumSet.of(ReleaseRole.READER);
        set.addAll(List.of(roles));
        String token = "token-" + id;
        tokens.put(token, new Caller(Principal.operator(id), set));
        return token;
    }

    /** A token for an operator with no release role at all. */
    String roleless(String id) {
        String token = "token-" + id;
        tokens.put(token, new Caller(Principal.operator(id), Set.of()));
        return token;
    }

    /** A token for a user of the app (never allowed here). */
    String user(String id) {
        String token = "token-user-" + id;
        tokens.put(token, new Caller(new Principal(Principal.Kind.USER, id), Set.of(ReleaseRole.READER)));
        return token;
    }

    /** Submits, rebuilds and approves {@code bundle} with two reviewers; returns the approved release. */
    Release approve(TestBundles.Bundle bundle) {
        Release submitted = gate.submit(bundle.artifact(), bundle.source(), "notes for " + bundle.artifact()
                .getFileName(), Principal.operator("eng-1"));
        gate.review(submitted.id(), Principal.operator("rev-1"), ReviewVerdict.APPROVE, "looked at it", Optional.empty());
        return gate.review(submitted.id(), Principal.operator("rev-2"), ReviewVerdict.APPROVE, "fine",
                Optional.empty());
    }

    Reply call(String method, String path, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, token);
    }

    Reply send(String path, String contentType, String body, String token) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    Reply put(String path, byte[] body, String token) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), token);
    }

    HttpResponse<byte[]> raw(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Reply send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.headers().firstValue("Content-Type").orElse("").contains("json")
                    || response.body().isEmpty()) {
                return Reply.of(response);
            }
            return new Reply(response.statusCode(), response, JSON.createObjectNode());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    URI base() {
        return base;
    }

    static String json(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** Every audit event in the vault's outbox, in order. */
    List<AuditEvent> events() {
        List<AuditEvent> out = new ArrayList<>();
        long position = 0;
        while (true) {
            List<OutboxEntry> page = vault.outbox().after(position, 500);
            if (page.isEmpty()) {
                return out;
            }
            page.forEach(e -> out.add(e.event()));
            position = page.getLast().position();
        }
    }

    List<AuditEvent.ReleaseStep> steps(String id) {
        return events().stream().filter(e -> e instanceof AuditEvent.ReleaseStep s && s.releaseId().equals(id))
                .map(AuditEvent.ReleaseStep.class::cast).toList();
    }

    List<AuditEvent.EngineEvent> engineEvents() {
        return events().stream().filter(e -> e instanceof AuditEvent.EngineEvent)
                .map(AuditEvent.EngineEvent.class::cast).toList();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        gate.close();
        relay.close();
        log.close();
        vault.close();
        dataSource.close();
    }
}

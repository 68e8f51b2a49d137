package org.custos.gateway;

import org.custos.testing.TestDatabases;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.custos.vault.AuditEvent;
import org.custos.vault.OutboxEntry;
import org.custos.vault.Principal;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;

/**
 * A real gateway for integration tests: a fresh PostgreSQL database, a vault on a temporary key directory, the
 * gateway's routes on a Helidon server on port 0, and sources holding a small in-memory population. Tokens are
 * {@code token-<operator name>}.
 */
final class GatewayHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final HikariDataSource db;
    final Vault vault;
    final Gateway gateway;
    final WebServer web;
    final List<PublicVideo> videos = new CopyOnWriteArrayList<>();
    final Map<Long, List<String>> likers = new HashMap<>();
    final List<UserActivity> users = new CopyOnWriteArrayList<>();
    final TrainingMetricsBoard telemetry = new TrainingMetricsBoard();
    private final Map<String, Caller> callers = new HashMap<>();

    GatewayHarness(Path keys) {
        db = TestDatabases.fresh("gateway");
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
        vault = Vault.open(VaultSettings.local(keys), db, clock);
        operator("owner-sync", Caller.Role.OWNER);
        operator("owner-analytics", Caller.Role.OWNER);
        operator("owner-trust-safety", Caller.Role.OWNER);
        operator("owner-trust-safety-2", Caller.Role.OWNER);
        operator("owner-ml", Caller.Role.OWNER);
        operator("custodian-admin", Caller.Role.CUSTODIAN);
        PublicCatalog catalog = new PublicCatalog() {
            @Override
            public List<PublicVideo> publicVideosAfter(long afterId, int limit) {
                return videos.stream().filter(v -> v.id() > afterId).limit(limit).toList();
            }

            @Override
            public List<PublicVideo> publicVideos(Collection<Long> ids) {
                return videos.stream().filter(v -> ids.contains(v.id())).toList();
            }

            @Override
            public List<String> likerKeys(long videoId, int limit) {
                return likers.getOrDefault(videoId, List.of()).stream().limit(limit).toList();
            }
        };
        ActivitySource activity = (from, to, sink) -> {
            users.forEach(sink);
            return users.size();
        };
        gateway = Gateway.create(GatewaySettings.defaults(), db, vault,
                new Gateway.Sources(catalog, activity, telemetry),
                header -> Optional.ofNullable(callers.get(header.replaceFirst("(?i)^bearer ", ""))), clock,
                new SplittableRandom(1));
        web = WebServer.builder().port(0).routing(gateway::register).build().start();
    }

    private void operator(String name, Caller.Role role) {
        callers.put("token-" + name, new Caller("operator-" + (callers.size() + 1), name, EnumSet.of(role)));
    }

    static PublicVideo video(long id, String caption) {
        return new PublicVideo(id, "author" + id, caption, List.of("tag" + id), 1000 + id, "video/mp4",
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id), id * 10, id, 0, 0);
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + web.port() + path);
    }

    HttpResponse<String> flow(String operator, String flow, String body) {
        return send(HttpRequest.newBuilder(uri("/v1/egress/flows/" + flow))
                .header("Authorization", "Bearer token-" + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> get(String operator, String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer token-" + operator).GET()
                .build());
    }

    HttpResponse<String> publish(String operator, Map<String, String> files) {
        try {
            return send(HttpRequest.newBuilder(uri("/v1/egress/policy"))
                    .header("Authorization", "Bearer token-" + operator).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("files", files))))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled files with {@code changes} applied (file name to a function of its text). */
    static TreeMap<String, String> bundledWith(Map<String, java.util.function.UnaryOperator<String>> changes) {
        TreeMap<String, String> files = new TreeMap<>(PolicyBundle.bundled().files());
        changes.forEach((name, change) -> files.put(name, change.apply(files.getOrDefault(name, ""))));
        return files;
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<AuditEvent.Flow> flowEvents() {
        List<AuditEvent.Flow> flows = new ArrayList<>();
        for (OutboxEntry entry : vault.outbox().after(0, 100_000)) {
            if (entry.event() instanceof AuditEvent.Flow flow) {
                flows.add(flow);
            }
        }
        return flows;
    }

    List<AuditEvent.PolicyChange> policyEvents() {
        List<AuditEvent.PolicyChange> changes = new ArrayList<>();
        for (OutboxEntry entry : vault.outbox().after(0, 100_000)) {
            if (entry.event() instanceof AuditEvent.PolicyChange change) {
                changes.add(change);
            }
        }
        return changes;
    }

    /** The custodian operator's principal (the sixth operator created above). */
    static Principal custodian() {
        return Principal.operator("operator-6");
    }

    @Override
    public void close() {
        web.stop();
        vault.close();
        db.close();
    }
}

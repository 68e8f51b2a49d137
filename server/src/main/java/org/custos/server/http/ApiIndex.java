package org.custos.server.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.custos.app.http.Json;

/**
 * {@code GET /v1/}, the address the start-up banner prints: a small JSON document naming the API's sections, where
 * each starts and which document (a path in the source tree) describes it. No authentication; it says nothing that
 * the documentation does not.
 */
public final class ApiIndex {
    private static final Map<String, Object> INDEX = index();

    public void register(HttpRouting.Builder routing) {
        routing.get("/v1", this::index).get("/v1/", this::index);
    }

    private void index(ServerRequest request, ServerResponse response) {
        Json.send(response, Status.OK_200, INDEX);
    }

    private static Map<String, Object> index() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", "Custos API");
        out.put("version", "v1");
        out.put("docs", "docs/api.md");
        out.put("openapi", "/v1/openapi.json");
        out.put("sections", List.of(
                section("accounts", List.of("/v1/accounts", "/v1/me", "/v1/users/{handle}"), "docs/api.md#accounts"),
                section("sessions", List.of("/v1/sessions", "/v1/operator-sessions"), "docs/api.md#sessions"),
                section("videos", List.of("/v1/videos", "/v1/videos/{id}", "/v1/videos/{id}/media"),
                        "docs/api.md#videos"),
                section("social", List.of("/v1/users/{handle}/follow", "/v1/videos/{id}/comments"),
                        "docs/api.md#social-graph"),
                section("events", List.of("/v1/events/watch"), "docs/api.md#engagement-events"),
                section("feeds", List.of("/v1/feeds/following", "/v1/feeds/for-you"), "docs/api.md#feeds"),
                section("my-data", List.of("/v1/me/export", "/v1/me/access-log"), "docs/api.md#your-data"),
                section("lockbox", List.of("/v1/lockbox/requests", "/v1/lockbox/grants/{id}/data"),
                        "docs/lockbox.md"),
                section("releases", List.of("/v1/releases", "/v1/releases/signing-key", "/v1/releases/deployment"),
                        "docs/release.md#http-api"),
                section("egress", List.of("/v1/egress/flows", "/v1/egress/policy", "/v1/egress/budget"),
                        "docs/gateway.md#http-api"),
                section("transparency-log", List.of("/checkpoint", "/tile/{path}"), "docs/transparency-log.md"),
                section("operations", List.of("/health/live", "/health/ready", "/metrics"), "docs/operations.md")));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Map<String, Object> section(String name, List<String> paths, String docs) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("paths", paths);
        out.put("docs", docs);
        return java.util.Collections.unmodifiableMap(out);
    }
}

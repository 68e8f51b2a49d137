package org.custos.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * {@code /health/live} (the process serves HTTP: 200 unless shutting down) and {@code /health/ready} (every
 * {@link ReadinessCheck} passes: 200, otherwise 503 naming the failing checks; advisories are shown beside them and
 * never fail readiness). Bodies are small JSON documents, e.g.
 * {@code {"status":"UP","checks":{"database":"UP"},"advisories":{"engine":"serving rel-..."}}}.
 */
public final class HealthRoutes {

    private final Map<String, ReadinessCheck> checks;
    private final Map<String, java.util.function.Supplier<String>> advisories;
    private final BooleanSupplier stopping;

    public HealthRoutes(Map<String, ReadinessCheck> checks, BooleanSupplier stopping) {
        this(checks, Map.of(), stopping);
    }

    /**
     * With advisories: states shown in {@code /health/ready} that never make it fail (the owner's algorithm: when it
     * is down the app's popularity feed serves, so the server is still ready).
     */
    public HealthRoutes(Map<String, ReadinessCheck> checks, Map<String, java.util.function.Supplier<String>> advisories,
                        BooleanSupplier stopping) {
        this.checks = Map.copyOf(checks);
        this.advisories = Map.copyOf(advisories);
        this.stopping = stopping;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/health/live", this::live).get("/health/ready", this::ready);
    }

    private void live(ServerRequest req, ServerResponse res) {
        boolean up = !stopping.getAsBoolean();
        send(res, up, up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\",\"reason\":\"shutting down\"}");
    }

    private void ready(ServerRequest req, ServerResponse res) {
        Map<String, String> results = new LinkedHashMap<>();
        boolean up = !stopping.getAsBoolean();
        if (!up) {
            results.put("server", "shutting down");
        }
        for (var check : new java.util.TreeMap<>(checks).entrySet()) {
            Optional<String> problem;
            try {
                problem = check.getValue().problem();
            } catch (RuntimeException e) {
                problem = Optional.of(e.getClass().getSimpleName());
            }
            results.put(check.getKey(), problem.orElse("UP"));
            up &= problem.isEmpty();
        }
        StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "UP" : "DOWN").append("\",\"checks\":{");
        String separator = "";
        for (var entry : results.entrySet()) {
            json.append(separator).append('"').append(Json.escape(entry.getKey())).append("\":\"")
                    .append(Json.escape(entry.getValue())).append('"');
            separator = ",";
        }
        json.append('}');
        if (!advisories.isEmpty()) {
            json.append(",\"advisories\":{");
            String comma = "";
            for (var advisory : new java.util.TreeMap<>(advisories).entrySet()) {
                String value;
                try {
                    value = advisory.getValue().get();
                } catch (RuntimeException e) {
                    value = e.getClass().getSimpleName();
                }
                json.append(comma).append('"').append(Json.escape(advisory.getKey())).append("\":\"")
                        .append(Json.escape(value)).append('"');
                comma = ",";
            }
            json.append('}');
        }
        send(res, up, json.append('}').toString());
    }

    private static void send(ServerResponse res, boolean up, String body) {
        res.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body);
    }
}

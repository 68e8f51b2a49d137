package org.custos.server.http;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.custos.app.http.Json;

/**
 * {@code GET /v1/openapi.json}: an OpenAPI 3.1 description of every operation the server registered, generated from
 * its {@link RouteTable} so it cannot drift from the routing: paths, methods, path parameters, and the RFC 9457
 * problem every error is. Request and answer bodies are not described yet; {@code docs/api.md} (and the documents
 * the {@code /v1/} index links) stay the contract for those. {@code HEAD}, served wherever {@code GET} is, is not
 * listed per path.
 */
public final class OpenApi {
    private static final Pattern PARAMETER = Pattern.compile("\\{\\+?([A-Za-z][A-Za-z0-9_]*)}");

    private final Supplier<List<RouteTable.Operation>> operations;
    private volatile Map<String, Object> document;

    public OpenApi(Supplier<List<RouteTable.Operation>> operations) {
        this.operations = operations;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/v1/openapi.json", this::serve);
    }

    private void serve(ServerRequest request, ServerResponse response) {
        Map<String, Object> built = document;
        if (built == null) { // the routing is complete once requests are served
            built = describe(operations.get());
            document = built;
        }
        Json.send(response, Status.OK_200, built);
    }

    static Map<String, Object> describe(List<RouteTable.Operation> operations) {
        Map<String, Map<String, Object>> paths = new java.util.TreeMap<>();
        for (RouteTable.Operation operation : operations) {
            String path = PARAMETER.matcher(operation.pattern()).replaceAll("{$1}");
            Map<String, Object> item = paths.computeIfAbsent(path, p -> pathItem(operation.pattern()));
            item.putIfAbsent(operation.method().text().toLowerCase(Locale.ROOT),
                    operation(operation.method(), path, tag(path)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("openapi", "3.1.0");
        out.put("info", Map.of("title", "Custos API", "version", "v1",
                "description", "Generated from the server's routes. Bodies, status codes and problem types are "
                        + "described in docs/api.md. HEAD is served wherever GET is; a method a path does not "
                        + "serve gets 405 method-not-allowed with Allow."));
        out.put("paths", paths);
        out.put("components", components());
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Map<String, Object> pathItem(String pattern) {
        Map<String, Object> item = new LinkedHashMap<>();
        List<Map<String, Object>> parameters = new ArrayList<>();
        Matcher m = PARAMETER.matcher(pattern);
        while (m.find()) {
            Map<String, Object> parameter = new LinkedHashMap<>();
            parameter.put("name", m.group(1));
            parameter.put("in", "path");
            parameter.put("required", true);
            parameter.put("schema", Map.of("type", "string"));
            if (m.group().startsWith("{+")) {
                parameter.put("description", "the rest of the path; may contain '/'");
            }
            parameters.add(parameter);
        }
        if (!parameters.isEmpty()) {
            item.put("parameters", parameters);
        }
        return item;
    }

    private static Map<String, Object> operation(Method method, String path, String tag) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("operationId", method.text().toLowerCase(Locale.ROOT) + path.replaceAll("[^A-Za-z0-9]+", "_"));
        out.put("tags", List.of(tag));
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put("2XX", Map.of("description", "Success; see docs/api.md for the body"));
        responses.put("default", Map.of("$ref", "#/components/responses/Problem"));
        out.put("responses", responses);
        return out;
    }

    /** The section: the first segment after {@code /v1/}, or the first segment outside it. */
    private static String tag(String path) {
        String[] segments = path.replaceFirst("^/v1/", "/").split("/");
        return segments.length > 1 && !segments[1].isEmpty() ? segments[1] : "index";
    }

    private static Map<String, Object> components() {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "object");
        problem.put("required", List.of("type", "title", "status", "detail"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("type", Map.of("type", "string", "format", "uri"));
        properties.put("title", Map.of("type", "string"));
        properties.put("status", Map.of("type", "integer"));
        properties.put("detail", Map.of("type", "string"));
        properties.put("errors", Map.of("type", "array", "items", Map.of("type", "object", "properties",
                Map.of("field", Map.of("type", "string"), "message", Map.of("type", "string")))));
        problem.put("properties", properties);
        return Map.of(
                "schemas", Map.of("Problem", problem),
                "responses", Map.of("Problem", Map.of("description", "An RFC 9457 problem",
                        "content", Map.of("application/problem+json",
                                Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"))))),
                "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer")));
    }
}

package org.custos.release.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The release routes of a running server, over HTTP with an operator's bearer token. */
final class GateClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The server answered with a problem document, or could not be reached; {@link #exitCode} says which. */
    static final class Failure extends Exception {
        private final int exitCode;

        Failure(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    GateClient(String url, String token) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.token = token;
    }

    JsonNode get(String path) throws Failure {
        return json(send(request(path).GET()));
    }

    byte[] getBytes(String path) throws Failure {
        return send(request(path).GET()).body();
    }

    JsonNode post(String path, Map<String, ?> body) throws Failure {
        try {
            return json(send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode post(String path) throws Failure {
        return json(send(request(path).POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** Uploads a file to the content-addressed blob store; returns its digest. */
    String upload(Path file, String hex) throws Failure {
        try {
            return json(send(request("v1/releases/blobs/" + hex).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)))).path("digest").asText();
        } catch (java.io.FileNotFoundException e) {
            throw new Failure("cannot read " + file, ToolExit.USAGE);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(10));
        if (token != null && !token.isBlank()) {
            builder.header("Authorization", "Bearer " + token.strip());
        }
        return builder;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Failure {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Failure("cannot reach the server at " + base + ": " + e.getMessage(), ToolExit.USAGE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", ToolExit.USAGE);
        }
        if (response.statusCode() / 100 == 2) {
            return response;
        }
        throw new Failure(problem(response), response.statusCode() >= 500 ? ToolExit.USAGE : ToolExit.FAILED);
    }

    /** "<title> (<status>): <detail>", then each bad field, from an RFC 9457 problem document. */
    static String problem(HttpResponse<byte[]> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            StringBuilder out = new StringBuilder(problem.path("title").asText("HTTP " + response.statusCode()))
                    .append(" (").append(response.statusCode()).append("): ").append(problem.path("detail").asText());
            problem.path("errors").forEach(e -> out.append("\n  ").append(e.path("field").asText()).append(": ")
                    .append(e.path("message").asText()));
            for (String list : new String[] {"onlyInSubmitted", "onlyInRebuilt", "differing"}) {
                if (problem.path(list).isArray() && !problem.path(list).isEmpty()) {
                    out.append("\n  ").append(list).append(": ").append(problem.path(list));
                }
            }
            return out.toString();
        } catch (IOException e) {
            return "the server answered " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        }
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Failure {
        try {
            return response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Failure("the server's answer is not JSON", ToolExit.USAGE);
        }
    }
}

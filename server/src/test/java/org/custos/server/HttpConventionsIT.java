package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.custos.server.TestInstances.get;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's method conventions on a real server, across every module's routes: a wrong method on an existing path
 * is a 405 problem with {@code Allow}; {@code HEAD} works wherever {@code GET} does, with no body; unknown paths
 * stay 404 problems; {@code GET /v1/} is an index and {@code GET /v1/openapi.json} describes the same routes.
 */
class HttpConventionsIT {

    @TempDir
    static Path dataDir;

    private static CustosServer server;
    private static URI base;
    private static String token;
    private static long video;

    @BeforeAll
    static void start() {
        server = CustosServer.start(TestInstances.config(dataDir), Clock.systemUTC());
        base = server.baseUri();
        assertThat(TestInstances.signUp(base, "conventions")).isEqualTo(201);
        token = TestInstances.logIn(base, "conventions");
        video = TestInstances.upload(base, token, "public");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A path of each module, a method it does not serve there, and the methods it does serve. */
    private record Case(String method, String path, String allow) {
    }

    @Test
    void wrongMethodOnAnExistingPath_is405WithAllowAndAProblem() {
        List<Case> cases = List.of(
                new Case("DELETE", "/v1/accounts", "POST"),
                new Case("POST", "/v1/me", "GET, HEAD, PATCH, DELETE"),
                new Case("PUT", "/v1/videos/" + video + "/media", "GET, HEAD"),
                new Case("PATCH", "/v1/videos/" + video, "GET, HEAD, DELETE"),
                new Case("GET", "/v1/sessions", "POST"),
                new Case("POST", "/v1/feeds/for-you", "GET, HEAD"),
                new Case("GET", "/v1/events/watch", "POST"),
                new Case("POST", "/v1/me/access-log", "GET, HEAD"),
                new Case("DELETE", "/v1/lockbox/requests", "GET, HEAD, POST"),
                new Case("GET", "/v1/lockbox/requests/1/approve", "POST"),
                new Case("GET", "/v1/egress/flows/some-flow", "POST"),
                new Case("POST", "/v1/egress/policy", "GET, HEAD, PUT"),
                new Case("DELETE", "/v1/releases", "GET, HEAD, POST"),
                new Case("GET", "/v1/releases/blobs/sha256:00", "PUT"),
                new Case("POST", "/checkpoint", "GET, HEAD"),
                new Case("DELETE", "/tile/0/000", "GET, HEAD"),
                new Case("POST", "/health/live", "GET, HEAD"),
                new Case("PUT", "/metrics", "GET, HEAD"),
                new Case("DELETE", "/v1/", "GET, HEAD"));
        for (Case c : cases) {
            HttpResponse<String> response = send(c.method(), c.path(), true);
            assertThat(response.statusCode()).as(c.method() + " " + c.path()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).as(c.method() + " " + c.path()).hasValue(c.allow());
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Custos-Release")).isPresent();
            assertThat(response.body()).as(c.method() + " " + c.path())
                    .contains("\"type\":\"https://custos.dev/problems/method-not-allowed\"")
                    .contains("\"status\":405");
        }
    }

    @Test
    void unknownPath_isStill404WithAProblem() {
        for (String method : List.of("GET", "POST", "DELETE")) {
            for (String path : List.of("/no/such/thing", "/v1/no-such-section", "/v1/videos/1/no-such-part")) {
                HttpResponse<String> response = send(method, path, true);
                assertThat(response.statusCode()).as(method + " " + path).isEqualTo(404);
                assertThat(response.headers().firstValue("Allow")).isEmpty();
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.body()).contains("\"type\":\"https://custos.dev/problems/not-found\"");
            }
        }
        Raw head = raw("HEAD", "/no/such/thing", false);
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void head_answersLikeGetWithoutABody() {
        String checkpoint = awaitCheckpoint();
        long size = Long.parseLong(checkpoint.split("\n")[1]);
        String tile = size < 256 ? "/tile/0/000.p/" + size : "/tile/0/000";
        for (String path : List.of("/v1/videos/" + video + "/media", "/v1/videos/" + video, "/checkpoint", tile,
                "/health/live", "/health/ready", "/v1/me", "/v1/")) {
            HttpResponse<String> get = send("GET", path, true);
            Raw head = raw("HEAD", path, true);
            assertThat(head.status()).as("HEAD " + path).isEqualTo(get.statusCode());
            assertThat(get.statusCode()).as("GET " + path).isEqualTo(200);
            assertThat(head.body()).as("HEAD " + path).isEmpty();
            assertThat(head.header("Content-Type")).as("HEAD " + path)
                    .isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(get.headers().firstValue("Content-Length")).as("GET " + path).isPresent();
            assertThat(head.header("Content-Length")).as("HEAD " + path)
                    .isEqualTo(get.headers().firstValue("Content-Length"));
            assertThat(head.header("Cache-Control")).as("HEAD " + path)
                    .isEqualTo(get.headers().firstValue("Cache-Control"));
            assertThat(head.header("Custos-Release")).as("HEAD " + path).isPresent();
        }
        // a failing HEAD gets the problem's status and headers, still without a body
        Raw missing = raw("HEAD", "/v1/videos/999999/media", true);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).isEmpty();
        // HEAD on a path that serves no GET is refused like any other method
        Raw notServed = raw("HEAD", "/v1/accounts", false);
        assertThat(notServed.status()).isEqualTo(405);
        assertThat(notServed.header("Allow")).hasValue("POST");
        assertThat(notServed.body()).isEmpty();
    }

    @Test
    void head_onAKeptAliveConnection_leavesNothingBehindForTheNextAnswer() throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String request = "HEAD /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String both = readAnswer(socket);
            int second = both.indexOf("\r\n\r\n") + 4;
            assertThat(both).startsWith("HTTP/1.1 200");
            assertThat(both.substring(second)).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"UP\"}");
        }
    }

    @Test
    void v1Index_isJsonNamingTheSections() {
        for (String path : List.of("/v1/", "/v1")) {
            HttpResponse<String> index = get(base, path);
            assertThat(index.statusCode()).as(path).isEqualTo(200);
            assertThat(index.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(index.headers().firstValue("Custos-Release")).hasValueSatisfying(
                    release -> assertThat(release).startsWith("server=sha256:"));
            assertThat(index.body()).contains("\"version\":\"v1\"").contains("\"docs\":\"docs/api.md\"")
                    .contains("\"name\":\"videos\"").contains("\"name\":\"lockbox\"")
                    .contains("\"name\":\"releases\"").contains("\"name\":\"egress\"")
                    .contains("\"/checkpoint\"").contains("\"/health/ready\"");
        }
    }

    @Test
    void openApi_describesEveryOperationAndAgreesWithAllow() throws IOException {
        HttpResponse<String> response = get(base, "/v1/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        com.fasterxml.jackson.databind.JsonNode document =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        com.fasterxml.jackson.databind.JsonNode paths = document.path("paths");
        assertThat(paths.path("/v1/videos/{id}/media").has("get")).isTrue();
        assertThat(paths.path("/v1/me").has("get")).isTrue();
        assertThat(paths.path("/v1/me").has("patch")).isTrue();
        assertThat(paths.path("/v1/releases/blobs/{digest}").has("put")).isTrue();
        assertThat(paths.path("/v1/lockbox/requests/{id}/approve").has("post")).isTrue();
        assertThat(paths.path("/v1/egress/policy").has("put")).isTrue();
        assertThat(paths.path("/v1/me/access-log").has("get")).isTrue();
        assertThat(paths.path("/checkpoint").has("get")).isTrue();
        assertThat(paths.path("/tile/{path}").path("parameters").get(0).path("name").asText()).isEqualTo("path");
        assertThat(paths.path("/health/ready").has("get")).isTrue();
        assertThat(paths.path("/v1/openapi.json").has("get")).isTrue();
        // every described path, made concrete, is refused an unserved method with exactly its described methods
        for (var entry : paths.properties()) {
            String concrete = entry.getKey().replaceAll("\\{[^}]+}", "1");
            java.util.Set<String> described = new java.util.TreeSet<>();
            entry.getValue().fieldNames().forEachRemaining(name -> {
                if (!name.equals("parameters")) {
                    described.add(name.toUpperCase(java.util.Locale.ROOT));
                }
            });
            HttpResponse<String> refused = send("OPTIONS", concrete, true);
            assertThat(refused.statusCode()).as("OPTIONS " + concrete).isEqualTo(405);
            java.util.Set<String> allowed = new java.util.TreeSet<>(List.of(
                    refused.headers().firstValue("Allow").orElse("").split(", ")));
            allowed.remove("HEAD");
            assertThat(allowed).as("Allow of " + concrete).isEqualTo(described);
        }
    }

    private static String awaitCheckpoint() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            HttpResponse<String> checkpoint = get(base, "/checkpoint");
            if (checkpoint.statusCode() == 200) {
                return checkpoint.body();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no checkpoint published: " + checkpoint.statusCode());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static HttpResponse<String> send(String method, String path, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (authenticated) {
            request.header("Authorization", "Bearer " + token);
        }
        boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        request.header("Content-Type", "application/json").method(method,
                withBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        try {
            return TestInstances.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer read off the socket, so that a body sent where none may be is seen. */
    private record Raw(int status, String head, String body) {
        Optional<String> header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
            return Optional.empty();
        }
    }

    /**
     * All the bytes the server sends until it closes the connection or, once the head is in, falls silent for a
     * second: a body sent after a HEAD answer would arrive at once on a local connection.
     */
    private static String readAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (java.net.SocketTimeoutException e) {
                if (out.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    break;
                }
                throw e;
            }
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            if (out.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                socket.setSoTimeout(1_000);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static Raw raw(String method, String path, boolean authenticated) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + (authenticated ? "Authorization: Bearer " + token + "\r\n" : "") + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAnswer(socket);
            int end = answer.indexOf("\r\n\r\n");
            assertThat(end).as(method + " " + path + " answered: " + answer).isPositive();
            String head = answer.substring(0, end);
            return new Raw(Integer.parseInt(head.substring(9, 12)), head, answer.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

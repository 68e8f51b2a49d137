package org.custos.cli.population;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The app's HTTP API as the simulation uses it. Every call is tallied in the {@link Tally} by operation and status;
 * a call that fails with an error status answers empty rather than throwing, so one bad answer does not stop a
 * population. Tokens and passwords never leave this class except in request headers and bodies.
 */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_RETRY_NANOS = Duration.ofMinutes(10).toNanos();

    private final HttpClient http;
    private final URI base;
    private final Tally tally;

    ApiClient(URI base, Tally tally) {
        this.base = base;
        this.tally = tally;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    /** Throws {@link ServerUnreachableException} when nothing answers at the base URL. */
    void checkReachable() {
        try {
            http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).timeout(Duration.ofSeconds(5)).GET()
                    .build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new ServerUnreachableException(base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(base, e);
        }
    }

    Optional<JsonNode> json(String operation, String method, String path, Object body, String token) {
        byte[] bytes;
        try {
            bytes = body == null ? null : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a request", e);
        }
        return send(operation, method, path, bytes, "application/json", token);
    }

    Optional<JsonNode> upload(String token, byte[] media, String visibility, long durationMs, String caption,
                              String hashtags) {
        String boundary = "custos-simulate-boundary";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, boundary, "visibility", visibility);
        field(out, boundary, "durationMs", Long.toString(durationMs));
        field(out, boundary, "caption", caption);
        field(out, boundary, "hashtags", hashtags);
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"clip.mp4\""
                + "\r\nContent-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(media);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("upload", "POST", "/v1/videos", out.toByteArray(), "multipart/form-data; boundary=" + boundary,
                token);
    }

    private static long retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                return Math.clamp(Long.parseLong(v.strip()), 1L, 30L);
            } catch (NumberFormatException e) {
                return 1L;
            }
        }).orElse(1L);
    }

    private static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
                + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private Optional<JsonNode> send(String operation, String method, String path, byte[] body, String contentType,
                                    String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long started = System.nanoTime();
        long giveUp = started + MAX_RETRY_NANOS;
        try {
            while (true) {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                // Rate limits (429) and a full hashing or upload pool (503) say when to come back: honour them.
                if ((status == 429 || status == 503) && System.nanoTime() < giveUp) {
                    tally.retried(operation);
                    Thread.sleep(Duration.ofSeconds(retryAfter(response)));
                    continue;
                }
                tally.record(operation, status, System.nanoTime() - started);
                if (status >= 300) {
                    return Optional.empty();
                }
                byte[] answer = response.body();
                return Optional.of(answer.length == 0 ? JSON.nullNode() : JSON.readTree(answer));
            }
        } catch (IOException e) {
            tally.record(operation, 0, System.nanoTime() - started);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tally.record(operation, 0, System.nanoTime() - started);
            return Optional.empty();
        }
    }
}

package org.custos.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.custos.app.AppSettings;
import org.custos.app.accounts.PasswordCost;
import org.custos.app.accounts.RateLimit;

/** Configurations and an HTTP client for tests that run real servers on temporary data directories. */
public final class TestInstances {

    public static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestInstances() {}

    /** The embedded defaults on a free port, with cheap password hashing and no log-in throttling. */
    public static ServerConfig config(Path dataDir) {
        ServerConfig embedded = ServerConfig.embedded(dataDir, 0);
        return embedded.withApp(fast(embedded.app()));
    }

    public static AppSettings fast(AppSettings app) {
        RateLimit unlimited = new RateLimit(1_000_000, Duration.ofMillis(1));
        return app.withPasswordHashing(new PasswordCost(64, 1, 1), 2, 256).withLoginLimits(unlimited, unlimited);
    }

    public static HttpResponse<String> get(URI base, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    public static HttpResponse<String> get(URI base, String path, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + bearer).GET().build());
    }

    public static HttpResponse<String> post(URI base, String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** Signs up a user whose handle, email and password derive from {@code handle}; returns the status. */
    public static int signUp(URI base, String handle) {
        return post(base, "/v1/accounts", """
                {"handle":"%s","displayName":"User %s","email":"%s@example.org","password":"password-of-%s",\
                "birthDate":"1990-05-17","region":"DE"}""".formatted(handle, handle, handle, handle)).statusCode();
    }

    /** Logs the user of {@link #signUp} in; returns the bearer token. */
    public static String logIn(URI base, String handle) {
        HttpResponse<String> response = post(base, "/v1/sessions",
                "{\"login\":\"%s\",\"password\":\"password-of-%s\"}".formatted(handle, handle));
        if (response.statusCode() != 201) {
            throw new AssertionError("log-in of " + handle + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().replaceFirst("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** Uploads a video with a small MP4-shaped medium; returns its id. */
    public static long upload(URI base, String token, String visibility) {
        String boundary = "----custos-server-test";
        byte[] media = new byte[2048];
        new java.util.Random(visibility.hashCode() + System.nanoTime()).nextBytes(media);
        byte[] head = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p',
                '4', '1'};
        System.arraycopy(head, 0, media, 0, head.length);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (String[] field : new String[][] {{"caption", "a clip"}, {"hashtags", "#sea"}, {"visibility", visibility},
                {"durationMs", "15000"}}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0]
                    + "\"\r\n\r\n" + field[1] + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"c.mp4\""
                + "\r\nContent-Type: video/mp4\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(media);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/videos"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        if (response.statusCode() != 201) {
            throw new AssertionError("upload answered " + response.statusCode() + ": " + response.body());
        }
        return Long.parseLong(response.body().replaceFirst("(?s)^\\{\"id\":(\\d+).*", "$1"));
    }

    /** Posts {@code times} long watches of {@code video} by the token's user. */
    public static void watch(URI base, String token, long video, int times) {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < times; i++) {
            events.append(i == 0 ? "" : ",").append("{\"id\":\"").append(java.util.UUID.randomUUID())
                    .append("\",\"videoId\":").append(video).append(",\"watchedMs\":30000,\"completed\":true}");
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/v1/events/watch"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[" + events + "]}")).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("watch events answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The ids of a For You page and its {@code Custos-Release} header. */
    public record Page(int status, java.util.List<Long> ids, String release) {
    }

    public static Page forYou(URI base, String token, int limit) {
        HttpResponse<String> response = get(base, "/v1/feeds/for-you?limit=" + limit, token);
        java.util.List<Long> ids = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\"id\":(\\d+)").matcher(response.body());
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return new Page(response.statusCode(), ids, response.headers().firstValue("Custos-Release").orElse(""));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

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
final class TestInstances {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestInstances() {}

    /** The embedded defaults on a free port, with cheap password hashing and no log-in throttling. */
    static ServerConfig config(Path dataDir) {
        ServerConfig embedded = ServerConfig.embedded(dataDir, 0);
        return embedded.withApp(fast(embedded.app()));
    }

    static AppSettings fast(AppSettings app) {
        RateLimit unlimited = new RateLimit(1_000_000, Duration.ofMillis(1));
        return app.withPasswordHashing(new PasswordCost(64, 1, 1), 2, 256).withLoginLimits(unlimited, unlimited);
    }

    static HttpResponse<String> get(URI base, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    static HttpResponse<String> get(URI base, String path, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + bearer).GET().build());
    }

    static HttpResponse<String> post(URI base, String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** Signs up a user whose handle, email and password derive from {@code handle}; returns the status. */
    static int signUp(URI base, String handle) {
        return post(base, "/v1/accounts", """
                {"handle":"%s","displayName":"User %s","email":"%s@example.org","password":"password-of-%s",\
                "birthDate":"1990-05-17","region":"DE"}""".formatted(handle, handle, handle, handle)).statusCode();
    }

    /** Logs the user of {@link #signUp} in; returns the bearer token. */
    static String logIn(URI base, String handle) {
        HttpResponse<String> response = post(base, "/v1/sessions",
                "{\"login\":\"%s\",\"password\":\"password-of-%s\"}".formatted(handle, handle));
        if (response.statusCode() != 201) {
            throw new AssertionError("log-in of " + handle + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().replaceFirst("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
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

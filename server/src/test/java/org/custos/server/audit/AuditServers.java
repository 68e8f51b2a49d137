package org.custos.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.custos.app.AppSettings;
import org.custos.app.accounts.PasswordCost;
import org.custos.app.accounts.RateLimit;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.note.Checkpoint;

/** Configurations, HTTP calls and log reads for the audit trail's tests against real servers. */
final class AuditServers {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AuditServers() {}

    /** The embedded defaults on a free port, cheap password hashing, no throttling, short service windows. */
    static ServerConfig config(Path dataDir, Duration serviceWindow) {
        ServerConfig embedded = ServerConfig.embedded(dataDir, 0);
        RateLimit unlimited = new RateLimit(1_000_000, Duration.ofMillis(1));
        AppSettings app = embedded.app().withPasswordHashing(new PasswordCost(64, 1, 1), 2, 256)
                .withLoginLimits(unlimited, unlimited);
        return embedded.withApp(app).withAuditLog(embedded.auditLog().withServiceReadWindow(serviceWindow)
                .withPollInterval(Duration.ofMillis(100)));
    }

    static HttpResponse<String> get(URI base, String path, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + bearer).GET()
                .build());
    }

    static HttpResponse<String> post(URI base, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request.build());
    }

    /** Signs up {@code handle} ({@code <handle>@example.org}, the given birth date); returns the account id. */
    static long signUp(URI base, String handle, String birthDate) {
        HttpResponse<String> response = post(base, "/v1/accounts", null, """
                {"handle":"%s","displayName":"Someone","email":"%s@example.org","password":"password-of-%s",\
                "birthDate":"%s","region":"DE"}""".formatted(handle, handle, handle, birthDate));
        if (response.statusCode() != 201) {
            throw new AssertionError("sign-up of " + handle + " answered " + response.statusCode());
        }
        return Long.parseLong(response.body().replaceFirst("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1"));
    }

    static String logIn(URI base, String handle) {
        HttpResponse<String> response = post(base, "/v1/sessions", null,
                "{\"login\":\"%s\",\"password\":\"password-of-%s\"}".formatted(handle, handle));
        if (response.statusCode() != 201) {
            throw new AssertionError("log-in of " + handle + " answered " + response.statusCode());
        }
        return response.body().replaceFirst("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    /** Waits until the relay has carried every outbox event into the log and a checkpoint covers them. */
    static void awaitRelayed(CustosServer server) throws Exception {
        long target = server.boundary().vault().outbox().latestPosition();
        await(() -> server.auditLog().lastRelayedEvent() >= target, "relay to reach event " + target);
        long size = server.auditLog().log().health().sequenced();
        if (size > 0) {
            server.auditLog().log().awaitCheckpoint(size - 1, Duration.ofSeconds(20));
        }
    }

    /** Every entry of the server's log, as stored. */
    static List<byte[]> entryBytes(CustosServer server) throws IOException {
        long size = Checkpoint.ofUnchecked(server.auditLog().log().currentCheckpoint()).size();
        List<byte[]> out = new ArrayList<>();
        for (long start = 0; start < size; start += 1000) {
            out.addAll(server.auditLog().log().entries(start, (int) Math.min(1000, size - start)));
        }
        return out;
    }

    static List<AuditEntry> entries(CustosServer server) throws Exception {
        List<AuditEntry> out = new ArrayList<>();
        for (byte[] bytes : entryBytes(server)) {
            out.add(AuditEntryCodec.decode(bytes));
        }
        return out;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
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
}

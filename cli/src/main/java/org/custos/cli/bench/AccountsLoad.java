package org.custos.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The accounts load: {@code users} virtual users, each on its own virtual thread, repeat the life of a new
 * user (sign up, log in, read the profile {@code readsPerLogin} times) until {@code duration} is over. Each
 * user is closed-loop (it waits for an answer before the next request), so throughput is what the server
 * sustains at that concurrency and the latencies are free of coordinated omission only per user.
 */
final class AccountsLoad {

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final URI base;
    private final int users;
    private final Duration duration;
    private final int readsPerLogin;
    private final String runId;
    private final HttpClient http;
    private final AtomicLong sequence = new AtomicLong();

    AccountsLoad(URI base, int users, Duration duration, int readsPerLogin, String runId) {
        this.base = base;
        this.users = users;
        this.duration = duration;
        this.readsPerLogin = readsPerLogin;
        this.runId = runId;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /** Runs the load and returns the report and the time actually measured. */
    Result run() throws InterruptedException {
        LoadReport report = new LoadReport();
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                running.add(threads.submit(() -> user(report, deadline)));
            }
            for (var f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a virtual user failed", e.getCause());
                }
            }
        }
        Duration measured = Duration.ofNanos(System.nanoTime() - start);
        report.finish();
        return new Result(report, measured);
    }

    record Result(LoadReport report, Duration measured) {}

    private Void user(LoadReport report, long deadline) {
        while (System.nanoTime() < deadline) {
            String handle = "b" + runId + "_" + sequence.incrementAndGet();
            String password = "bench-password-" + handle;
            int status = send(report, Operation.SIGN_UP, post("/v1/accounts", """
                    {"handle":"%s","displayName":"Bench %s","email":"%s@bench.example","password":"%s",\
                    "birthDate":"1990-01-01","region":"US"}""".formatted(handle, handle, handle, password))).status;
            if (status != 201 || System.nanoTime() >= deadline) {
                continue;
            }
            Answer login = send(report, Operation.LOG_IN, post("/v1/sessions",
                    "{\"login\":\"%s\",\"password\":\"%s\"}".formatted(handle, password)));
            Optional<String> token = login.token();
            for (int r = 0; r < readsPerLogin && token.isPresent() && System.nanoTime() < deadline; r++) {
                send(report, Operation.PROFILE_READ, HttpRequest.newBuilder(base.resolve("/v1/me"))
                        .header("Authorization", "Bearer " + token.get())
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build());
            }
        }
        return null;
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private record Answer(int status, String body) {
        Optional<String> token() {
            Matcher m = TOKEN.matcher(body);
            return status == 201 && m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    private Answer send(LoadReport report, Operation op, HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            report.record(op, response.statusCode(), System.nanoTime() - start);
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            report.record(op, 0, System.nanoTime() - start);
            return new Answer(0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

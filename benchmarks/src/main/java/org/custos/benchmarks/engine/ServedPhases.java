package org.custos.benchmarks.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.custos.app.AppSettings;
import org.custos.app.accounts.PasswordCost;
import org.custos.app.accounts.RateLimit;
import org.custos.recsys.api.FrameTap;
import org.custos.release.Release;
import org.custos.release.ReleaseGate;
import org.custos.release.ReviewVerdict;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.custos.server.engine.EngineLauncher;
import org.custos.server.engine.EngineServices;
import org.custos.server.engine.EngineSettings;
import org.custos.server.engine.EngineSupervisor;
import org.custos.vault.Principal;

/**
 * For You as a phone gets it: a whole server (embedded PostgreSQL, vault, log, gate, supervisor) with the For You
 * algorithm either served in the server's JVM ({@link org.custos.server.engine.InProcessLauncher}) or confined
 * (the production launcher), a population set up over HTTP, then {@code GET /v1/feeds/for-you} at a fixed rate in
 * an open loop: each request is timed from when it was scheduled, so a stall is charged to every request it held
 * up. With the confined algorithm, two swaps follow under the same load (to {@link ConstantAlgorithm} and back, a
 * rollback that warms the For You engine again), each timed from the deployment to the first ranking it serves.
 */
final class ServedPhases {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Settings(int users, int videos, int watchesPerUser, double rate, Duration duration) {
    }

    /** What one serving mode measured. */
    record Result(String mode, Duration firstStart, Duration caughtUp, Latencies.Summary forYou, long fallbacks,
                  List<Swap> swaps) {
    }

    /** One swap: from deployment to the first ranking of the new release, and the load's outcome meanwhile. */
    record Swap(String to, Duration admitted, Duration serving, Latencies.Summary during, long fallbacks) {
    }

    private final Settings settings;
    private final PrintStream progress;

    ServedPhases(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * One server: {@code launcher} empty means the production (confined) one, with the sandbox's CPU quota
     * {@code cpus}; {@code swapTo} present adds the two swaps.
     */
    Result run(String mode, Path dataDir, Bundles.Bundle forYou, Optional<EngineLauncher> launcher, double cpus,
               Optional<Bundles.Bundle> swapTo) throws Exception {
        ServerConfig embedded = ServerConfig.embedded(dataDir, 0);
        AppSettings app = embedded.app()
                .withPasswordHashing(new PasswordCost(64, 1, 1), 2, 256)
                .withLoginLimits(new RateLimit(1_000_000, Duration.ofMillis(1)), new RateLimit(1_000_000,
                        Duration.ofMillis(1)));
        ServerConfig config = embedded.withApp(app).withEngine(embedded.engine().withDefaultBundle(Optional.of(
                new EngineSettings.DefaultBundle(forYou.artifact(), forYou.source()))))
                .withConfinement(embedded.confinement().withCpus(cpus));
        progress.printf("  %s: starting a server in %s ...%n", mode, dataDir);
        long t0 = System.nanoTime();
        try (CustosServer server = CustosServer.start(config, Clock.systemUTC(),
                new EngineServices.Hooks(FrameTap.NONE, launcher))) {
            EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
            await(() -> supervisor.servingRelease().isPresent(), Duration.ofMinutes(3), supervisor);
            Duration firstStart = Duration.ofNanos(System.nanoTime() - t0);
            String forYouDigest = supervisor.servingRelease().orElseThrow();
            progress.printf("  %s: %s serves after %d ms; setting up %d users, %d videos ...%n", mode,
                    forYouDigest.substring(0, 19), firstStart.toMillis(), settings.users(), settings.videos());

            URI uri = server.baseUri();
            String[] tokens = populate(uri);
            long facts = (long) settings.users() * settings.watchesPerUser(); // the engine counts the watches it learnt
            long caughtUpStart = System.nanoTime();
            await(() -> supervisor.telemetry().map(t -> t.eventsLearnt() >= facts).orElse(false),
                    Duration.ofMinutes(3), supervisor);
            Duration caughtUp = Duration.ofNanos(System.nanoTime() - caughtUpStart);

            progress.printf("  %s: For You at %.0f/s for %d s (after an unrecorded warm-up of a fifth) ...%n", mode,
                    settings.rate(), settings.duration().toSeconds());
            openLoop(uri, tokens, settings.duration().dividedBy(5), new Latencies(), new AtomicLong(), () -> false);
            Latencies forYouLatencies = new Latencies();
            AtomicLong fallbacks = new AtomicLong();
            openLoop(uri, tokens, settings.duration(), forYouLatencies, fallbacks, () -> false);

            List<Swap> swaps = new ArrayList<>();
            if (swapTo.isPresent()) {
                swaps.add(swap(server, uri, tokens, submit(server.releaseGate(), swapTo.get()), "constant"));
                Release back = server.releaseGate().list(Optional.empty(), 100).stream()
                        .filter(r -> r.artifactDigest().toString().equals(forYouDigest)).findFirst().orElseThrow();
                swaps.add(swap(server, uri, tokens, back, "For You (rollback)"));
            }
            return new Result(mode, firstStart, caughtUp, forYouLatencies.summary(), fallbacks.get(), swaps);
        }
    }

    /** Deploys {@code release} under the For You load and times the switch. */
    private Swap swap(CustosServer server, URI uri, String[] tokens, Release release, String label) throws Exception {
        EngineSupervisor supervisor = server.engine().supervisor().orElseThrow();
        String digest = release.artifactDigest().toString();
        Latencies during = new Latencies();
        AtomicLong fallbacks = new AtomicLong();
        AtomicBoolean switched = new AtomicBoolean();
        long[] marks = new long[2];
        Thread load = Thread.ofPlatform().start(() -> openLoop(uri, tokens, Duration.ofMinutes(5), during, fallbacks,
                switched::get));
        Thread.sleep(1_000);
        long start = System.nanoTime();
        server.releaseGate().deploy(release.id(), Principal.operator("bench-admin"));
        while (!switched.get() && System.nanoTime() - start < Duration.ofMinutes(3).toNanos()) {
            String status = supervisor.status();
            if (marks[0] == 0 && (status.startsWith("warming " + release.id()) || status.startsWith("serving "
                    + release.id()))) {
                marks[0] = System.nanoTime();
            }
            if (supervisor.servingRelease().filter(digest::equals).isPresent()) {
                marks[1] = System.nanoTime();
                if (marks[0] == 0) {
                    marks[0] = marks[1];
                }
                Thread.sleep(1_000);
                switched.set(true);
            }
            Thread.sleep(1);
        }
        switched.set(true);
        load.join();
        if (marks[1] == 0) {
            throw new IllegalStateException("the swap to " + release.id() + " did not happen within 3 minutes: "
                    + supervisor.status());
        }
        progress.printf("  swap to %s: serving after %d ms%n", label, (marks[1] - start) / 1_000_000);
        return new Swap(label, Duration.ofNanos(marks[0] - start), Duration.ofNanos(marks[1] - start),
                during.summary(), fallbacks.get());
    }

    private static Release submit(ReleaseGate gate, Bundles.Bundle bundle) {
        Release submitted = gate.submit(bundle.artifact(), bundle.source(), "benchmark: the constant algorithm",
                Principal.operator("bench-owner"));
        for (String reviewer : List.of("bench-reviewer-1", "bench-reviewer-2")) {
            gate.review(submitted.id(), Principal.operator(reviewer), ReviewVerdict.APPROVE, "benchmark",
                    Optional.empty());
        }
        return gate.find(submitted.id()).orElseThrow();
    }

    /**
     * Requests For You at the configured rate for {@code duration} (or until {@code stop}), rotating over the
     * users; an answer naming the popularity feed counts as a fallback, any other answer than 200 as a failure.
     */
    private void openLoop(URI uri, String[] tokens, Duration duration, Latencies latencies, AtomicLong fallbacks,
                          BooleanSupplier stop) {
        long interval = (long) (1e9 / settings.rate());
        long count = Math.max(1, duration.toNanos() / interval);
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < count && !stop.getAsBoolean(); i++) {
                long scheduled = start + i * interval;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String token = tokens[(int) (i % tokens.length)];
                threads.execute(() -> {
                    try {
                        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                                        uri.resolve("/v1/feeds/for-you?limit=" + BoundaryPhases.PAGE))
                                .header("Authorization", "Bearer " + token).GET().build(),
                                HttpResponse.BodyHandlers.discarding());
                        long took = System.nanoTime() - scheduled;
                        if (response.statusCode() != 200) {
                            latencies.fail();
                            return;
                        }
                        latencies.record(took);
                        if (response.headers().firstValue("Custos-Release").orElse("").endsWith("=popularity")) {
                            fallbacks.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        latencies.fail();
                    }
                });
            }
        }
    }

    /** Signs up and logs in the users; a tenth of them upload the videos; each posts its watches. */
    private String[] populate(URI uri) throws Exception {
        int users = settings.users();
        String[] tokens = new String[users];
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        parallel(8, users, i -> {
            String handle = "bench_" + run + "_" + i;
            expect(201, post(uri, "/v1/accounts", null, """
                    {"handle":"%s","displayName":"Bench %d","email":"%s@example.org","password":"password-of-%s",\
                    "birthDate":"1990-05-17","region":"DE"}""".formatted(handle, i, handle, handle)), "sign-up");
            HttpResponse<String> login = post(uri, "/v1/sessions", null,
                    "{\"login\":\"%s\",\"password\":\"password-of-%s\"}".formatted(handle, handle));
            expect(201, login, "log-in");
            tokens[i] = login.body().replaceFirst("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        });
        long[] videos = new long[settings.videos()];
        int authors = Math.max(1, users / 10);
        // the server admits a few uploads at once (it answers 503 beyond): two at a time
        parallel(2, settings.videos(), v -> videos[v] = upload(uri, tokens[v % authors], v));
        parallel(8, users, i -> {
            SplittableRandom random = new SplittableRandom(i);
            StringBuilder events = new StringBuilder();
            for (int e = 0; e < settings.watchesPerUser(); e++) {
                // a skewed choice: low indexes (the hits) far more often than the tail
                int index = (int) Math.min(videos.length - 1, Math.floor(videos.length * Math.pow(random.nextDouble(),
                        3)));
                boolean completed = random.nextInt(3) == 0;
                events.append(e == 0 ? "" : ",").append("{\"id\":\"").append(UUID.randomUUID())
                        .append("\",\"videoId\":").append(videos[index]).append(",\"watchedMs\":")
                        .append(completed ? 15_000 : 2_000).append(",\"completed\":").append(completed).append('}');
            }
            expect(200, post(uri, "/v1/events/watch", tokens[i], "{\"events\":[" + events + "]}"), "watch events");
        });
        return tokens;
    }

    private static long upload(URI uri, String token, int n) throws IOException, InterruptedException {
        String boundary = "----custos-engine-bench";
        byte[] media = new byte[4096];
        new SplittableRandom(n).nextBytes(media);
        byte[] head = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p',
                '4', '1'};
        System.arraycopy(head, 0, media, 0, head.length);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"caption", "clip " + n}, {"hashtags", "#tag" + n % 20},
                {"visibility", "public"}, {"durationMs", "15000"}}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0]
                    + "\"\r\n\r\n" + field[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"c.mp4\""
                + "\r\nContent-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(media);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri.resolve("/v1/videos"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(201, response, "upload");
        return Long.parseLong(response.body().replaceFirst("(?s)^\\{\"id\":(\\d+).*", "$1"));
    }

    private static HttpResponse<String> post(URI uri, String path, String token, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri.resolve(path)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(int index) throws Exception;
    }

    private static void parallel(int threadCount, int count, Step step) throws Exception {
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(threadCount)) {
            for (int i = 0; i < count; i++) {
                int index = i;
                done.add(threads.submit(() -> {
                    step.run(index);
                    return null;
                }));
            }
        }
        for (var future : done) {
            future.get();
        }
    }

    private static void await(BooleanSupplier condition, Duration within, EngineSupervisor supervisor)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + within + ": " + supervisor.status() + ", "
                        + supervisor.telemetry().map(Object::toString).orElse("no telemetry"));
            }
            Thread.sleep(5);
        }
    }
}

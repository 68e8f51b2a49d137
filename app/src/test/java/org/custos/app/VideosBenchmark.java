package org.custos.app;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Measures the videos feature on real parts (embedded PostgreSQL, local vault, local blob directory, Helidon over
 * loopback HTTP): watch-event ingestion in batches, the Following and For You feeds, uploads and ranged media reads.
 * Not a unit test (no assertions); it prints one line per measurement. Clients run in the same JVM, on the same
 * cores. Run from /work/main:
 *
 * <pre>
 * mvn -B -q -pl app test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --sun-misc-unsafe-memory-access=allow -cp app/target/test-classes:app/target/classes:$(cat app/target/cp.txt) \
 *     org.custos.app.VideosBenchmark [seconds-per-phase] [clients]
 * </pre>
 */
public final class VideosBenchmark {
    private static final int USERS = 50;
    private static final int VIDEOS = 200;
    private static final int BATCH = 500;
    private static final int MEDIA_BYTES = 1024 * 1024;

    private VideosBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        System.out.printf("machine: %d cores, %s %s, JDK %s, load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.version(), loadAverage());
        try (AppHarness harness = new AppHarness()) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                harness.signUp("bench_" + i);
                tokens.add(harness.logIn("bench_" + i, AppHarness.PASSWORD));
            }
            for (int i = 1; i < USERS; i++) {
                for (int j = 1; j <= 10; j++) {
                    harness.put("/v1/users/bench_" + ((i + j) % USERS) + "/follow", null, tokens.get(i));
                }
            }
            byte[] upload = Uploads.body(Uploads.fields("public"), Uploads.mp4(MEDIA_BYTES, 1));
            List<Long> videos = new ArrayList<>();
            for (int v = 0; v < VIDEOS; v++) {
                harness.clock.advance(Duration.ofSeconds(1));
                Reply reply = harness.send("POST", "/v1/videos", upload, Uploads.CONTENT_TYPE,
                        tokens.get(v % USERS));
                videos.add(reply.json().path("id").asLong());
            }

            List<Long> ingest = run("POST /v1/events/watch (" + BATCH + " events per batch)", seconds, clients, n -> {
                List<Map<String, Object>> batch = new ArrayList<>(BATCH);
                for (int e = 0; e < BATCH; e++) {
                    batch.add(Map.of("id", UUID.randomUUID().toString(),
                            "videoId", videos.get((n * 31 + e * 7) % VIDEOS), "watchedMs", 1000 + (e * 97) % 30_000));
                }
                Reply reply = harness.post("/v1/events/watch", AppHarness.json(Map.of("events", batch)),
                        tokens.get(n % USERS));
                // Fresh ids on visible videos: a batch that stored fewer than all is an error, not a result.
                return reply.json().path("stored").asInt() == BATCH ? reply.status() : -1;
            }, 200);
            System.out.printf("  = %.0f events/s stored%n", ingest.size() * (double) BATCH / seconds);

            run("GET /v1/feeds/following?limit=20", seconds, clients,
                    n -> harness.get("/v1/feeds/following?limit=20", tokens.get(n % USERS)).status(), 200);
            run("GET /v1/feeds/for-you?limit=20", seconds, clients,
                    n -> harness.get("/v1/feeds/for-you?limit=20", tokens.get(n % USERS)).status(), 200);
            run("GET /v1/videos/{id}/media Range 256 KiB (audited key open + 1 segment)", seconds, clients, n -> {
                HttpResponse<byte[]> r = harness.raw("/v1/videos/" + videos.get(n % VIDEOS) + "/media",
                        tokens.get((n + 1) % USERS), Map.of("Range", "bytes=262144-524287"));
                return r.statusCode();
            }, 206);
            List<Long> uploads = run("POST /v1/videos (1 MiB media)", seconds, Math.min(clients, 4),
                    n -> harness.send("POST", "/v1/videos", upload, Uploads.CONTENT_TYPE, tokens.get(n % USERS))
                            .status(), 201);
            System.out.printf("  = %.1f MiB/s uploaded%n", uploads.size() / (double) seconds);
        }
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private interface Call {
        int call(int n);
    }

    private static List<Long> run(String name, int seconds, int clients, Call call, int expected) throws Exception {
        measure(call, Math.max(1, seconds / 3), clients, expected);
        List<Long> latencies = measure(call, seconds, clients, expected);
        Collections.sort(latencies);
        System.out.printf("%s: %d clients, %d s: %.1f req/s, p50 %.1f ms, p99 %.1f ms%n", name, clients, seconds,
                latencies.size() / (double) seconds, latencies.get(latencies.size() / 2) / 1e6,
                latencies.get((int) (latencies.size() * 0.99)) / 1e6);
        return latencies;
    }

    private static List<Long> measure(Call call, int seconds, int clients, int expected) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<List<Long>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int n = client; !stop.get(); n += clients) {
                        long start = System.nanoTime();
                        int status = call.call(n);
                        if (status != expected) {
                            throw new IllegalStateException("unexpected answer " + status);
                        }
                        mine.add(System.nanoTime() - start);
                    }
                    return mine;
                }));
            }
            Thread.sleep(Duration.ofSeconds(seconds));
            stop.set(true);
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        return all;
    }
}

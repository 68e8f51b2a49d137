package org.custos.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app load: a population set up over HTTP ({@code users} accounts, each following the next ten, and
 * {@code videos} public 1 MiB videos), then five phases one after the other, each with a warm-up that is not
 * recorded: watch-event ingestion in batches of {@value #BATCH} (closed loop), the Following and For You feeds
 * at a fixed rate (open loop, see {@link OpenLoop}), 256 KiB ranged media reads and 1 MiB uploads (closed loop).
 */
final class AppLoad {

    static final int BATCH = 500;
    static final int MEDIA_BYTES = 1024 * 1024;
    private static final int RANGE_BYTES = 256 * 1024;
    private static final int FOLLOWS = 10;
    private static final int UPLOADERS = 4;
    private static final String BOUNDARY = "custos-bench-7MA4YWxkTrZu0gW";
    private static final Pattern NUMBER = Pattern.compile("\"(id|token|stored)\"\\s*:\\s*\"?([^\",}]+)");

    private final URI base;
    private final Settings settings;
    private final HttpClient http;
    private final AtomicLong sequence = new AtomicLong();
    private final byte[] upload;
    private String[] tokens;
    private long[] videoIds;

    /** What the load is told to do; validated by the command. */
    record Settings(int users, int videos, int clients, Duration duration, double rate, String runId) {}

    /** One phase's report, how long it was measured, and its headline figure (events/s, MiB/s or none). */
    record Phase(String name, LoadReport report, Duration measured, String unit, double value) {}

    AppLoad(URI base, Settings settings) {
        this.base = base;
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.upload = multipart(media(MEDIA_BYTES, 1));
    }

    /** Signs up and logs in the users, makes the follows and uploads the videos; fails when any of it fails. */
    void setUp() {
        int users = settings.users();
        tokens = new String[users];
        String[] handles = new String[users];
        closedLoop(Math.min(users, 8), users, i -> {
            handles[i] = "a" + settings.runId() + "_" + i;
            String password = "bench-password-" + handles[i];
            expect(201, "sign-up", send(post("/v1/accounts", """
                    {"handle":"%s","displayName":"Bench %s","email":"%s@bench.example","password":"%s",\
                    "birthDate":"1990-01-01","region":"US"}""".formatted(handles[i], i, handles[i], password))));
            Answer login = expect(201, "log-in", send(post("/v1/sessions",
                    "{\"login\":\"%s\",\"password\":\"%s\"}".formatted(handles[i], password))));
            tokens[i] = login.field("token");
            return 0;
        });
        closedLoop(settings.clients(), users * Math.min(FOLLOWS, users - 1), n -> {
            int follower = n / Math.min(FOLLOWS, users - 1);
            int followee = (follower + 1 + n % Math.min(FOLLOWS, users - 1)) % users;
            expect(204, "follow", send(authorised("/v1/users/" + handles[followee] + "/follow", follower)
                    .PUT(HttpRequest.BodyPublishers.noBody()).build()));
            return 0;
        });
        videoIds = new long[settings.videos()];
        closedLoop(UPLOADERS / 2, settings.videos(), v -> {
            Answer answer = send(uploadRequest(v));
            // The server caps uploads in flight and answers 503 beyond; set-up waits its turn instead of failing.
            for (int retry = 0; answer.status() == 503 && retry < 50; retry++) {
                pause(Duration.ofMillis(100));
                answer = send(uploadRequest(v));
            }
            videoIds[v] = Long.parseLong(expect(201, "upload", answer).field("id"));
            return 0;
        });
    }

    List<Phase> run() {
        return List.of(ingest(), feed(Operation.FOLLOWING_FEED, "/v1/feeds/following?limit=20"),
                feed(Operation.FOR_YOU_FEED, "/v1/feeds/for-you?limit=20"), rangedReads(), uploads());
    }

    private Phase ingest() {
        AtomicLong stored = new AtomicLong();
        IntUnaryOperator batch = n -> {
            Answer a = send(authorised("/v1/events/watch", n % tokens.length)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(events(n))).build());
            if (a.status() == 200) {
                stored.addAndGet(Long.parseLong(a.field("stored")));
            }
            return a.status();
        };
        timed(Operation.WATCH_BATCH, settings.clients(), warmUp(), batch, null);
        stored.set(0);
        LoadReport report = new LoadReport(List.of(Operation.WATCH_BATCH));
        Duration measured = timed(Operation.WATCH_BATCH, settings.clients(), settings.duration(), batch, report);
        return new Phase("ingest", report, measured, "events/s", stored.get() / seconds(measured));
    }

    private Phase feed(Operation op, String path) {
        AtomicLong next = new AtomicLong();
        java.util.function.IntSupplier request = () -> send(authorised(path,
                (int) (next.getAndIncrement() % tokens.length)).GET().build()).status();
        LoadReport report = new LoadReport(List.of(op));
        OpenLoop.run(settings.rate(), warmUp(), report, op, false, request);
        Duration measured = OpenLoop.run(settings.rate(), settings.duration(), report, op, true, request);
        report.finish();
        return new Phase(op.label, report, measured, "", 0);
    }

    private Phase rangedReads() {
        IntUnaryOperator read = n -> {
            HttpRequest request = authorised("/v1/videos/" + videoIds[n % videoIds.length] + "/media", n + 1)
                    .header("Range", "bytes=" + RANGE_BYTES + "-" + (2 * RANGE_BYTES - 1)).GET().build();
            return send(request).status();
        };
        timed(Operation.RANGED_READ, settings.clients(), warmUp(), read, null);
        LoadReport report = new LoadReport(List.of(Operation.RANGED_READ));
        Duration measured = timed(Operation.RANGED_READ, settings.clients(), settings.duration(), read, report);
        return new Phase("ranged read", report, measured, "MiB/s",
                report.succeeded(Operation.RANGED_READ) * (RANGE_BYTES / (double) MEDIA_BYTES) / seconds(measured));
    }

    private Phase uploads() {
        IntUnaryOperator send = n -> send(uploadRequest(n)).status();
        LoadReport report = new LoadReport(List.of(Operation.UPLOAD));
        Duration measured = timed(Operation.UPLOAD, UPLOADERS, settings.duration(), send, report);
        return new Phase("upload", report, measured, "MiB/s",
                report.succeeded(Operation.UPLOAD) / seconds(measured));
    }

    private Duration warmUp() {
        return Duration.ofSeconds(Math.max(1, settings.duration().toSeconds() / 5));
    }

    /** {@code clients} closed-loop clients until {@code duration} is over; records into report unless null. */
    private static Duration timed(Operation op, int clients, Duration duration, IntUnaryOperator call,
                                  LoadReport report) {
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        AtomicLong n = new AtomicLong();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                threads.execute(() -> {
                    while (System.nanoTime() < deadline) {
                        long began = System.nanoTime();
                        int status = call.applyAsInt((int) n.getAndIncrement());
                        if (report != null) {
                            report.record(op, status, System.nanoTime() - began);
                        }
                    }
                });
            }
        }
        Duration measured = Duration.ofNanos(System.nanoTime() - start);
        if (report != null) {
            report.finish();
        }
        return measured;
    }

    /** Runs {@code count} set-up steps on {@code clients} threads; the first failure stops the load. */
    private static void closedLoop(int clients, int count, IntUnaryOperator step) {
        AtomicLong next = new AtomicLong();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> running = new java.util.ArrayList<>();
            for (int c = 0; c < Math.max(1, clients); c++) {
                running.add(threads.submit(() -> {
                    for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        step.applyAsInt((int) i);
                    }
                    return null;
                }));
            }
            for (var f : running) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up", e);
        }
    }

    private String events(int n) {
        StringBuilder body = new StringBuilder(BATCH * 110).append("{\"events\":[");
        for (int e = 0; e < BATCH; e++) {
            body.append(e == 0 ? "" : ",").append("{\"id\":\"").append(UUID.randomUUID())
                    .append("\",\"videoId\":").append(videoIds[(n * 31 + e * 7) % videoIds.length])
                    .append(",\"watchedMs\":").append(1000 + (e * 97) % 30_000)
                    .append(e % 5 == 0 ? ",\"completed\":true}" : "}");
        }
        return body.append("]}").toString();
    }

    private HttpRequest uploadRequest(int n) {
        return authorised("/v1/videos", n).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build();
    }

    private HttpRequest.Builder authorised(String path, int user) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens[Math.floorMod(user, tokens.length)]);
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private record Answer(int status, String body) {
        String field(String name) {
            Matcher m = NUMBER.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(name)) {
                    return m.group(2).strip();
                }
            }
            throw new IllegalStateException("the answer has no \"" + name + "\": " + body.substring(0,
                    Math.min(200, body.length())));
        }
    }

    private static Answer expect(int status, String what, Answer answer) {
        if (answer.status() != status) {
            throw new IllegalStateException(what + " answered " + answer.status() + " (expected " + status + "): "
                    + answer.body().substring(0, Math.min(300, answer.body().length())));
        }
        return answer;
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = response.body();
            boolean text = response.headers().firstValue("Content-Type").orElse("").contains("json");
            return new Answer(response.statusCode(), text ? new String(body, StandardCharsets.UTF_8) : "");
        } catch (IOException e) {
            return new Answer(0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An MP4 head (an {@code ftyp} box, brand isom) and seeded random bytes: the server checks only the head. */
    private static byte[] media(int size, long seed) {
        byte[] media = new byte[size];
        new Random(seed).nextBytes(media);
        byte[] head = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p',
                '4', '1'};
        System.arraycopy(head, 0, media, 0, head.length);
        return media;
    }

    private static byte[] multipart(byte[] media) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String fields = "visibility=public;durationMs=15000;caption=Bench clip;hashtags=#bench";
        for (String field : fields.split(";")) {
            String[] kv = field.split("=", 2);
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + kv[0] + "\"\r\n\r\n"
                    + kv[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"clip.mp4\""
                + "\r\nContent-Type: video/mp4\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(media);
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up", e);
        }
    }

    private static double seconds(Duration d) {
        return Math.max(1e-9, d.toNanos() / 1e9);
    }
}

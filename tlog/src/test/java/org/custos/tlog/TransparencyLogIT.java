package org.custos.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.NoteSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log's public API and HTTP surface over real files and sockets. */
class TransparencyLogIT {

    @TempDir
    Path tmp;

    private final NoteSigner signer = newSigner();

    private static NoteSigner newSigner() {
        try {
            return NoteSigner.generate("example.org/it", new SecureRandom());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void append_concurrentCallers_getDistinctContiguousIndices() throws Exception {
        try (TransparencyLog log = TransparencyLog.open(LogSettings.defaults(tmp, signer))) {
            List<Thread> threads = new ArrayList<>();
            long[] indices = new long[400];
            for (int t = 0; t < indices.length; t++) {
                int n = t;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        indices[n] = log.append(("e" + n).getBytes(StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        indices[n] = -1;
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(java.util.Arrays.stream(indices).sorted().toArray())
                    .isEqualTo(java.util.stream.LongStream.range(0, indices.length).toArray());
            Checkpoint checkpoint = Checkpoint.of(log.awaitCheckpoint(399, Duration.ofSeconds(10)));
            assertThat(checkpoint.size()).isEqualTo(400);
            assertThat(log.health().healthy()).isTrue();
        }
        try (TransparencyLog reopened = TransparencyLog.open(LogSettings.defaults(tmp, signer))) {
            assertThat(reopened.append("after".getBytes())).isEqualTo(400);
        }
    }

    @Test
    void append_intakeFull_pushesBackAndKeepsNothing() throws Exception {
        LogSettings settings = LogSettings.defaults(tmp, signer)
                .withBatching(10, Duration.ZERO, Duration.ofSeconds(2)).withIntakeCapacity(10);
        try (TransparencyLog log = TransparencyLog.open(settings)) {
            List<byte[]> ten = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ten.add(new byte[] {(byte) i});
            }
            assertThat(log.appendAll(ten)).isZero();
            assertThatThrownBy(() -> log.append(new byte[] {42})).isInstanceOfSatisfying(PushbackException.class,
                    e -> assertThat(e.retryAfter()).isPositive());
            log.awaitCheckpoint(9, Duration.ofSeconds(10));
            assertThat(log.append(new byte[] {43})).isEqualTo(10);
        }
    }

    @Test
    void append_oversizedEntry_rejectedWithoutIndex() throws Exception {
        try (TransparencyLog log = TransparencyLog.open(LogSettings.defaults(tmp, signer))) {
            assertThatThrownBy(() -> log.append(new byte[70_000])).isInstanceOf(IllegalArgumentException.class);
            assertThat(log.append(new byte[] {1})).isZero();
        }
    }

    @Test
    void awaitCheckpoint_indexNeverAppended_timesOut() throws Exception {
        try (TransparencyLog log = TransparencyLog.open(LogSettings.defaults(tmp, signer))) {
            assertThatThrownBy(() -> log.awaitCheckpoint(5, Duration.ofMillis(200))).isInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void open_otherKeyOnExistingLog_refuses() throws Exception {
        try (TransparencyLog log = TransparencyLog.open(LogSettings.defaults(tmp, signer))) {
            log.append(new byte[] {1});
        }
        NoteSigner other = NoteSigner.generate("example.org/it", new SecureRandom());
        assertThatThrownBy(() -> TransparencyLog.open(LogSettings.defaults(tmp, other)))
                .isInstanceOf(org.custos.tlog.internal.CorruptLogException.class);
    }

    @Test
    void http_readApiAndAppend_followSpecHeadersAndPushBack() throws Exception {
        LogSettings settings = LogSettings.defaults(tmp, signer)
                .withBatching(300, Duration.ZERO, Duration.ofMillis(100)).withIntakeCapacity(300);
        try (TransparencyLog log = TransparencyLog.open(settings)) {
            WebServer server = WebServer.builder().port(0).routing(r -> log.mount(r, true)).build().start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://localhost:" + server.port();
                HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(base + "/add"))
                        .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(added.statusCode()).isEqualTo(200);
                assertThat(added.body()).isEqualTo("0\n");
                List<byte[]> more = new ArrayList<>();
                for (int i = 0; i < 299; i++) {
                    more.add(("e" + i).getBytes());
                }
                log.appendAll(more);
                log.awaitCheckpoint(299, Duration.ofSeconds(10));

                HttpResponse<String> checkpoint = http.send(HttpRequest.newBuilder(URI.create(base + "/checkpoint"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(checkpoint.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
                assertThat(checkpoint.headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");
                assertThat(checkpoint.body()).startsWith("example.org/it\n300\n");

                HttpResponse<byte[]> tile = http.send(HttpRequest.newBuilder(URI.create(base + "/tile/0/000")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(tile.statusCode()).isEqualTo(200);
                assertThat(tile.body()).hasSize(8192).isEqualTo(Files.readAllBytes(tmp.resolve("tile/0/000")));
                assertThat(tile.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
                assertThat(tile.headers().firstValue("Cache-Control").orElseThrow()).contains("immutable");
                HttpResponse<byte[]> partial = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/tile/entries/001.p/44")).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(partial.statusCode()).isEqualTo(200);
                HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/tile/entries/001.p/44")).header("Accept-Encoding", "gzip").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
                assertThat(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes())
                        .isEqualTo(partial.body());
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/tile/0/0001")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/tile/0/../../.sequence")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(400, 404);
            } finally {
                server.stop();
            }
        }
    }
}

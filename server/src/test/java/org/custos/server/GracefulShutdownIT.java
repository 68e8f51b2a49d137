package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GracefulShutdownIT {

    @TempDir
    Path dataDir;

    @Test
    void close_requestInFlight_finishesItThenStopsListeningAndDatabase() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CustosServer server = CustosServer.start(TestInstances.config(dataDir), Clock.systemUTC(),
                routing -> routing.get("/test/slow", (req, res) -> {
                    entered.countDown();
                    try {
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    res.send("finished");
                }));
        URI base = server.baseUri();
        CompletableFuture<HttpResponse<String>> slow =
                CompletableFuture.supplyAsync(() -> TestInstances.get(base, "/test/slow"));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        server.close();

        HttpResponse<String> answer = slow.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("finished");
        assertThatThrownBy(() -> TestInstances.get(base, "/health/live")).isInstanceOf(UncheckedIOException.class);
        assertThat(Files.exists(dataDir.resolve("pg/postmaster.pid"))).isFalse();
    }
}

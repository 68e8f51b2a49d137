package org.custos.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    @Test
    void run_fastServer_sendsTheScheduledNumberOfRequests() {
        LoadReport report = new LoadReport(List.of(Operation.FOR_YOU_FEED));
        AtomicInteger sent = new AtomicInteger();

        OpenLoop.run(200, Duration.ofMillis(500), report, Operation.FOR_YOU_FEED, true, () -> {
            sent.incrementAndGet();
            return 200;
        });
        report.finish();

        assertThat(sent).hasValue(100);
        assertThat(report.succeeded(Operation.FOR_YOU_FEED)).isEqualTo(100);
    }

    @Test
    void run_stallingServer_chargesTheStallToRequestsNotYetAnswered() {
        LoadReport report = new LoadReport(List.of(Operation.FOLLOWING_FEED));
        Object lock = new Object();

        // Every request holds one lock for 20 ms: at 100 requests/s the server falls behind by half of each
        // interval, so the last requests wait for most of the run although each takes only 20 ms of service.
        OpenLoop.run(100, Duration.ofMillis(400), report, Operation.FOLLOWING_FEED, true, () -> {
            synchronized (lock) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 200;
        });
        report.finish();

        String json = report.json("http://x", 1, Duration.ofMillis(400));
        double maxMs = Double.parseDouble(json.replaceAll(".*\"maxMs\":([0-9.]+).*", "$1"));
        assertThat(report.succeeded(Operation.FOLLOWING_FEED)).isEqualTo(40);
        assertThat(maxMs).isGreaterThan(300);
    }

    @Test
    void run_withoutRecording_leavesTheReportEmpty() {
        LoadReport report = new LoadReport(List.of(Operation.FOR_YOU_FEED));

        OpenLoop.run(100, Duration.ofMillis(100), report, Operation.FOR_YOU_FEED, false, () -> 200);
        report.finish();

        assertThat(report.succeeded(Operation.FOR_YOU_FEED)).isZero();
    }
}

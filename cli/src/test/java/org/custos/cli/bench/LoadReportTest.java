package org.custos.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    @Test
    void json_knownLatencies_reportsCountsRatesAndPercentiles() {
        LoadReport report = new LoadReport();
        for (int ms = 1; ms <= 100; ms++) {
            report.record(Operation.PROFILE_READ, 200, Duration.ofMillis(ms).toNanos());
        }
        report.record(Operation.SIGN_UP, 201, Duration.ofMillis(40).toNanos());
        report.record(Operation.SIGN_UP, 503, Duration.ofMillis(1).toNanos());
        report.record(Operation.LOG_IN, 0, Duration.ofMillis(1).toNanos());
        report.finish();

        String json = report.json("http://x", 4, Duration.ofSeconds(10));

        // HdrHistogram keeps 3 significant digits: 50 ms and 99 ms come back within 0.1 %.
        assertThat(json).contains("\"profile_read\":{\"request\":\"GET /v1/me\",\"ok\":100,\"failed\":0,\"perSecond\":10.0,"
                + "\"p50Ms\":50.0").contains("\"p99Ms\":99.0").contains("\"maxMs\":100.0");
        assertThat(json).contains("\"sign_up\":{\"request\":\"POST /v1/accounts\",\"ok\":1,\"failed\":1");
        assertThat(json).contains("\"failuresByStatus\":{\"503\":1}");
        assertThat(json).contains("\"log_in\":{\"request\":\"POST /v1/sessions\",\"ok\":0,\"failed\":1");
        assertThat(report.succeeded(Operation.PROFILE_READ)).isEqualTo(100);
    }

    @Test
    void table_failedRequests_areCountedButNotInLatencies() {
        LoadReport report = new LoadReport();
        report.record(Operation.LOG_IN, 429, Duration.ofSeconds(9).toNanos());
        report.finish();

        String table = report.table(Duration.ofSeconds(1));

        assertThat(table).contains("log-in").contains("{429=1}");
        assertThat(report.succeeded(Operation.LOG_IN)).isZero();
        assertThat(report.failed(Operation.LOG_IN)).isEqualTo(1);
    }
}

package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.custos.server.TestInstances.get;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.custos.app.accounts.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustosServerIT {

    @TempDir
    Path dataDir;

    @Test
    void start_emptyDataDirectory_migratesClassifiesAndServesHealthMetricsAndApi() {
        try (CustosServer server = CustosServer.start(TestInstances.config(dataDir), Clock.systemUTC())) {
            URI base = server.baseUri();

            assertThat(get(base, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(base, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"UP\"").contains("\"database\":\"UP\"")
                    .contains("\"vault\":\"UP\"");

            assertThat(TestInstances.signUp(base, "first_user")).isEqualTo(201);
            String token = TestInstances.logIn(base, "first_user");
            HttpResponse<String> me = get(base, "/v1/me", token);
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.body()).contains("first_user@example.org");

            String metrics = get(base, "/metrics").body();
            assertThat(metrics)
                    .contains("jvm_memory_used_bytes")
                    .contains("hikaricp_connections")
                    .contains("http_server_requests_seconds_bucket")
                    .contains("uri=\"/v1/me\"");
            assertThat(metrics).doesNotContain("first_user");

            assertThat(get(base, "/no/such/thing").statusCode()).isEqualTo(404);
            assertThat(get(base, "/metrics").body()).contains("uri=\"UNMATCHED\"");

            assertThat(server.firstOperator()).hasValueSatisfying(first -> {
                assertThat(first.roles()).contains(Role.CUSTODIAN_ADMIN);
                assertThat(first.password()).isNotBlank();
            });
        }
    }

    @Test
    void start_withAStartupHold_servesTheApiButIsNotReadyUntilReleased() {
        StartupHold hold = StartupHold.until("loading the demo population");
        try (CustosServer server = CustosServer.start(TestInstances.config(dataDir), Clock.systemUTC(), hold)) {
            URI base = server.baseUri();
            HttpResponse<String> held = get(base, "/health/ready");
            assertThat(held.statusCode()).isEqualTo(503);
            assertThat(held.body()).contains("\"status\":\"DOWN\"")
                    .contains("\"start-up\":\"loading the demo population\"");
            // the demo is written through the API, which serves meanwhile
            assertThat(TestInstances.signUp(base, "held_user")).isEqualTo(201);

            hold.release();
            HttpResponse<String> ready = get(base, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"start-up\":\"UP\"");
        }
    }

    @Test
    void start_secondTimeOnSameDataDirectory_keepsDataAndCreatesNoNewOperator() {
        try (CustosServer first = CustosServer.start(TestInstances.config(dataDir), Clock.systemUTC())) {
            assertThat(TestInstances.signUp(first.baseUri(), "kept_user")).isEqualTo(201);
        }
        try (CustosServer second = CustosServer.start(TestInstances.config(dataDir), Clock.systemUTC())) {
            assertThat(second.firstOperator()).isEmpty();
            String token = TestInstances.logIn(second.baseUri(), "kept_user");
            assertThat(get(second.baseUri(), "/v1/me", token).body()).contains("kept_user@example.org");
        }
    }
}

package org.custos.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.custos.app.accounts.OperatorCredentials;
import org.custos.app.accounts.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lockbox as the server wires it: the app's operators and roles authenticate it, the app's users are its
 * subjects, its migrations and data classes pass the start-up gate, and its health is part of readiness.
 */
class LockboxWiringIT {

    @TempDir
    Path dataDir;

    @Test
    void lockbox_inTheServer_grantsAfterTwoApproversAndServesTheGrantedData() throws Exception {
        try (CustosServer server = CustosServer.start(TestInstances.config(dataDir), Clock.systemUTC())) {
            URI base = server.baseUri();
            assertThat(TestInstances.signUp(base, "lockbox_subject")).isEqualTo(201);
            String engineer = operatorToken(server, "owner-eng", Role.OWNER_ENGINEER);
            String alice = operatorToken(server, "approver-alice", Role.CUSTODIAN_APPROVER);
            String bob = operatorToken(server, "approver-bob", Role.CUSTODIAN_APPROVER);

            HttpResponse<String> filed = send(base, "POST", "/v1/lockbox/requests", engineer, """
                    {"subject": "lockbox_subject", "scopes": ["contact"], "purpose": "support.debug-account",
                     "justification": "Ticket 1: cannot log in", "durationMinutes": 30}""");
            assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
            String id = filed.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");

            assertThat(send(base, "GET", "/v1/lockbox/grants/" + id + "/data", engineer, null).statusCode())
                    .isEqualTo(403);
            assertThat(send(base, "POST", "/v1/lockbox/requests/" + id + "/approve", engineer, null).statusCode())
                    .isEqualTo(403);
            assertThat(send(base, "POST", "/v1/lockbox/requests/" + id + "/approve", alice, null).statusCode())
                    .isEqualTo(200);
            assertThat(send(base, "POST", "/v1/lockbox/requests/" + id + "/approve", bob, null).body())
                    .contains("\"state\":\"granted\"");

            HttpResponse<String> data = send(base, "GET", "/v1/lockbox/grants/" + id + "/data", engineer, null);
            assertThat(data.statusCode()).as(data.body()).isEqualTo(200);
            assertThat(data.body()).contains("lockbox_subject@example.org").doesNotContain("birthDate");
            assertThat(TestInstances.get(base, "/health/ready").body()).contains("lockbox");
        }
    }

    private static String operatorToken(CustosServer server, String name, Role role) {
        OperatorCredentials created = server.app().operators().create(name, Set.of(role));
        HttpResponse<String> session = TestInstances.post(server.baseUri(), "/v1/operator-sessions",
                "{\"name\":\"%s\",\"password\":\"%s\"}".formatted(name, created.password()));
        assertThat(session.statusCode()).isEqualTo(201);
        return session.body().replaceFirst("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private static HttpResponse<String> send(URI base, String method, String path, String token, String json)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return TestInstances.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

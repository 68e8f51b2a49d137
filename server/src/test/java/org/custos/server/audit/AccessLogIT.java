package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.custos.server.CustosServer;
import org.custos.tlog.tool.LogVerifyCommand;
import org.custos.vault.AccessContext;
import org.custos.vault.AuditEvent;
import org.custos.vault.Column;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code GET /v1/me/access-log} on a real server: an operator's reads of a user's data show up in that user's access
 * log (and no one else's), newest first, each with a receipt that {@code custos log verify} accepts against the
 * running server's log.
 */
class AccessLogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Column EMAIL = Column.of("app_users.email");

    @TempDir
    static Path dataDir;
    @TempDir
    static Path work;

    private static CustosServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = CustosServer.start(AuditServers.config(dataDir, Duration.ofSeconds(1)), Clock.systemUTC());
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void accessLog_operatorReadsAndAccessStep_listedNewestFirstWithReceiptsThatVerify() throws Exception {
        long alice = AuditServers.signUp(base, "alice_access", "1990-05-17");
        long bob = AuditServers.signUp(base, "bob_access", "1985-01-02");
        Vault vault = server.boundary().vault();
        AccessContext support = new AccessContext(Principal.operator("operator-1"),
                new Purpose("support.debug-account"), "grant-9");
        vault.openString(support, new SubjectId(alice), EMAIL, sealedEmail(alice));
        vault.record(new AuditEvent.AccessStep(AuditEvent.AccessStep.Step.REQUESTED, "req-1",
                Principal.operator("operator-1"), new Purpose("support.debug-account"), List.of(EMAIL),
                List.of(vault.pseudonym(new SubjectId(alice))), java.time.Instant.now()));
        vault.openString(support, new SubjectId(bob), EMAIL, sealedEmail(bob));
        AuditServers.awaitRelayed(server);

        String token = AuditServers.logIn(base, "alice_access");
        JsonNode page = JSON.readTree(AuditServers.get(base, "/v1/me/access-log", token).body());
        JsonNode items = page.get("items");
        assertThat(items).hasSize(2);
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(items.get(0).get("kind").asText()).isEqualTo("access-step");
        assertThat(items.get(0).get("step").asText()).isEqualTo("requested");
        JsonNode read = items.get(1);
        assertThat(read.get("kind").asText()).isEqualTo("protected-read");
        assertThat(read.get("principal").asText()).isEqualTo("operator:operator-1");
        assertThat(read.get("purpose").asText()).isEqualTo("support.debug-account");
        assertThat(read.get("grant").asText()).isEqualTo("grant-9");
        assertThat(read.get("columns").get(0).asText()).isEqualTo("app_users.email");
        assertThat(items.get(0).get("logIndex").asLong()).isGreaterThan(read.get("logIndex").asLong());

        Path vkey = dataDir.resolve(AuditLog.VERIFIER_KEY_FILE);
        for (JsonNode item : items) {
            assertThat(item.get("status").asText()).isEqualTo("proven");
            Path entry = Files.write(work.resolve("entry-" + item.get("logIndex").asLong()),
                    Base64.getDecoder().decode(item.get("entry").asText()));
            Path receipt = Files.writeString(work.resolve("receipt-" + item.get("logIndex").asLong()),
                    item.get("receipt").asText(), StandardCharsets.UTF_8);
            assertThat(verify("--vkey", vkey.toString(), "--receipt", receipt.toString(), "--entry",
                    entry.toString())).isZero();
            byte[] forged = Files.readAllBytes(entry);
            forged[forged.length - 1] ^= 1;
            Files.write(entry, forged);
            assertThat(verify("--vkey", vkey.toString(), "--receipt", receipt.toString(), "--entry",
                    entry.toString())).isEqualTo(1);
        }
        assertThat(verify("--url", base.toString(), "--vkey", vkey.toString(), "--full")).isZero();

        JsonNode bobs = JSON.readTree(AuditServers.get(base, "/v1/me/access-log",
                AuditServers.logIn(base, "bob_access")).body()).get("items");
        assertThat(bobs).hasSize(1);
        assertThat(bobs.get(0).get("logIndex").asLong()).isNotIn(items.get(0).get("logIndex").asLong(),
                read.get("logIndex").asLong());
    }

    @Test
    void accessLog_paged_followsTheCursorAndRejectsBadParameters() throws Exception {
        long carol = AuditServers.signUp(base, "carol_access", "1970-07-07");
        AccessContext support = new AccessContext(Principal.operator("operator-2"), new Purpose("support.billing"));
        for (int i = 0; i < 5; i++) {
            server.boundary().vault().openString(support, new SubjectId(carol), EMAIL, sealedEmail(carol));
        }
        AuditServers.awaitRelayed(server);
        String token = AuditServers.logIn(base, "carol_access");

        JsonNode first = JSON.readTree(AuditServers.get(base, "/v1/me/access-log?limit=3", token).body());
        assertThat(first.get("items")).hasSize(3);
        JsonNode second = JSON.readTree(AuditServers.get(base,
                "/v1/me/access-log?limit=3&cursor=" + first.get("next").asText(), token).body());
        assertThat(second.get("items")).hasSize(2);
        assertThat(second.get("next").isNull()).isTrue();
        assertThat(second.get("items").get(0).get("logIndex").asLong())
                .isLessThan(first.get("items").get(2).get("logIndex").asLong());

        assertThat(AuditServers.get(base, "/v1/me/access-log?limit=0", token).statusCode()).isEqualTo(400);
        assertThat(AuditServers.get(base, "/v1/me/access-log?cursor=bm90LWEtbnVtYmVy", token).statusCode()).isEqualTo(400);
        HttpResponse<String> anonymous = AuditServers.get(base, "/v1/me/access-log", "not-a-token");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void metricsAndReadiness_reportTheRelayAndTheLog() throws Exception {
        AuditServers.awaitRelayed(server);
        String metrics = AuditServers.get(base, "/metrics", "none").body();
        assertThat(metrics).contains("custos_audit_relay_lag").contains("custos_audit_relay_appended_total")
                .contains("custos_audit_log_size");
        HttpResponse<String> ready = AuditServers.get(base, "/health/ready", "none");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"audit-log\":\"UP\"");
        assertThat(AuditServers.get(base, "/checkpoint", "none").body()).startsWith("custos.example/log\n");
    }

    @Test
    void relayLock_heldByTheRunningServer_aSecondRelayOnTheDatabaseIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RelayLock.acquire(server.boundary().dataSource()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("per database");
    }

    @Test
    void accessLog_accountErased_itsIndexRowsAreForgotten() throws Exception {
        long dan = AuditServers.signUp(base, "dan_access", "1966-06-06");
        AccessContext support = new AccessContext(Principal.operator("operator-3"), new Purpose("support.billing"));
        server.boundary().vault().openString(support, new SubjectId(dan), EMAIL, sealedEmail(dan));
        String pseudonym = server.boundary().vault().pseudonym(new SubjectId(dan));
        AuditServers.awaitRelayed(server);
        assertThat(indexedRows(pseudonym)).isEqualTo(1);

        String token = AuditServers.logIn(base, "dan_access");
        HttpResponse<String> erased = AuditServers.send(java.net.http.HttpRequest.newBuilder(base.resolve("/v1/me"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"password\":\"password-of-dan_access\"}")).build());
        assertThat(erased.statusCode()).isEqualTo(204);
        AuditServers.awaitRelayed(server);
        assertThat(indexedRows(pseudonym)).isZero();
    }

    private static long indexedRows(String pseudonym) throws Exception {
        try (Connection c = server.boundary().dataSource().getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT count(*) FROM audit_subject_entries WHERE subject = ?")) {
            select.setString(1, pseudonym);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static byte[] sealedEmail(long user) throws Exception {
        try (Connection c = server.boundary().dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT email FROM app_users WHERE id = ?")) {
            select.setLong(1, user);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getBytes(1);
            }
        }
    }

    private static int verify(String... args) {
        String[] withState = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--state", work.resolve("verify-state").toString())).toArray(String[]::new);
        return new CommandLine(new LogVerifyCommand()).execute(withState);
    }
}

package org.custos.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.custos.vault.AuditEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every flow and every refusal over real HTTP, against a real PostgreSQL and vault. */
class GatewayIT {
    @TempDir
    Path keys;

    private GatewayHarness h;

    @BeforeEach
    void setUp() {
        h = new GatewayHarness(keys);
        for (long id = 1; id <= 5; id++) {
            h.videos.add(GatewayHarness.video(id, "public caption " + id));
        }
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void publicContent_pagesByCursor_andRecordsEachDeliveryWithItsDigest() {
        HttpResponse<String> first = h.flow("owner-sync", "public-content",
                "{\"fields\":[\"video_id\",\"author_handle\",\"caption\"],\"limit\":2}");
        assertThat(first.statusCode()).isEqualTo(200);
        JsonNode page = GatewayHarness.json(first);
        assertThat(page.path("rows")).hasSize(2);
        assertThat(page.path("rows").get(0).path("author_handle").asText()).isEqualTo("author1");
        assertThat(page.path("next").asText()).isEqualTo("2");
        HttpResponse<String> last = h.flow("owner-sync", "public-content",
                "{\"fields\":[\"video_id\"],\"after\":4,\"limit\":2}");
        assertThat(GatewayHarness.json(last).path("rows")).hasSize(1);
        assertThat(GatewayHarness.json(last).has("next")).isFalse();

        String digest = first.headers().firstValue("Custos-Payload-Digest").orElseThrow();
        assertThat(digest).isEqualTo(Egress.digest(first.body().getBytes(StandardCharsets.UTF_8)));
        AuditEvent.Flow recorded = h.flowEvents().getFirst();
        assertThat(recorded.decision()).isEqualTo(AuditEvent.Decision.ALLOWED);
        assertThat(recorded.payloadDigest()).isEqualTo(digest);
        assertThat(recorded.policyVersion()).isEqualTo(h.gateway.policyVersion());
        assertThat(recorded.query()).isEqualTo("fields=video_id,author_handle,caption;limit=2");
        assertThat(recorded.rowsDelivered()).isEqualTo(2);
        assertThat(recorded.recipient()).isEqualTo("owner-sync");
    }

    @Test
    void undeclaredFlowRecipientOrField_isRefusedWithAProblem_andLogged() {
        HttpResponse<String> flow = h.flow("owner-sync", "user-emails", "{\"fields\":[\"email\"]}");
        HttpResponse<String> recipient = h.flow("owner-analytics", "public-content", "{\"fields\":[\"video_id\"]}");
        HttpResponse<String> field = h.flow("owner-sync", "public-content", "{\"fields\":[\"video_id\",\"shares\"]}");
        for (HttpResponse<String> refused : List.of(flow, recipient, field)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        assertThat(GatewayHarness.json(flow).path("type").asText()).endsWith("/egress-flow-not-declared");
        assertThat(GatewayHarness.json(recipient).path("type").asText()).endsWith("/egress-recipient-not-declared");
        assertThat(GatewayHarness.json(field).path("type").asText()).endsWith("/egress-field-not-declared");
        assertThat(GatewayHarness.json(field).path("detail").asText()).contains("[shares]");
        assertThat(h.flowEvents()).hasSize(3).allSatisfy(e -> {
            assertThat(e.decision()).isEqualTo(AuditEvent.Decision.DENIED);
            assertThat(e.payloadDigest()).isEmpty();
        });
        // What the caller wrote is not recorded: an undeclared flow's name, undeclared fields' names, the detail.
        assertThat(h.flowEvents()).extracting(AuditEvent.Flow::flowId)
                .containsExactly("(undeclared)", "public-content", "public-content");
        assertThat(h.flowEvents()).extracting(AuditEvent.Flow::reason)
                .containsExactly("flow-not-declared", "recipient-not-declared", "field-not-declared");
        assertThat(h.flowEvents().getLast().query()).isEqualTo("fields=video_id;undeclared-fields=1");
    }

    @Test
    void callerText_inFieldsAndParameters_isNeverRecorded() {
        h.flow("owner-sync", "public-content", "{\"fields\":[\"video_id\",\"ada_l\"],\"after\":\"ada@example.org\"}");
        h.flow("owner-sync", "public-content", "{\"fields\":[\"video_id\",\"ada_l\"],\"after\":7}");
        h.flow("owner-sync", "ada-lovelace", "{\"fields\":[\"video_id\"]}");
        h.flow("owner-analytics", "aggregate-metrics", "{\"fields\":[\"dau\",\"ada_l\"],\"from\":\"1991-11-28\","
                + "\"to\":\"1991-11-28\"}");
        assertThat(h.flowEvents()).hasSize(3).allSatisfy(e -> assertThat(e.flowId() + e.query() + e.reason())
                .doesNotContain("ada").doesNotContain("1991"));
        assertThat(h.flowEvents().getFirst().query()).isEqualTo("fields=video_id;undeclared-fields=1;after=7");
    }

    @Test
    void aBodyThatIsNotDeclaredJson_is415_andNothingIsRecorded() {
        int before = h.flowEvents().size();
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                    h.uri("/v1/egress/flows/public-content")).header("Authorization", "Bearer token-owner-sync")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"fields\":[\"video_id\"]}"));
            if (type != null) {
                request.header("Content-Type", type);
            }
            HttpResponse<String> refused = GatewayHarness.send(request.build());
            assertThat(refused.statusCode()).as(String.valueOf(type)).isEqualTo(415);
            assertThat(GatewayHarness.json(refused).path("type").asText()).endsWith("/unsupported-media-type");
        }
        assertThat(h.flowEvents()).hasSize(before);
    }

    @Test
    void missingTokenOrNonOwner_isRefused() {
        HttpResponse<String> anonymous = GatewayHarness.send(java.net.http.HttpRequest.newBuilder(
                h.uri("/v1/egress/flows/public-content")).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"fields\":[\"video_id\"]}")).build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> custodian = h.flow("custodian-admin", "public-content", "{\"fields\":[\"video_id\"]}");
        assertThat(custodian.statusCode()).isEqualTo(403);
        assertThat(GatewayHarness.json(custodian).path("type").asText()).endsWith("/egress-not-a-recipient");
    }

    @Test
    void malformedRequest_is400_andChangesNothing() {
        for (String body : List.of("", "[]", "{\"fields\":[]}", "{\"fields\":[\"video_id\"],\"limit\":100000}",
                "{\"fields\":[\"video_id\"],\"bogus\":1}", "{\"fields\":[\"Video Id\"]}")) {
            assertThat(h.flow("owner-sync", "public-content", body).statusCode()).as(body).isEqualTo(400);
        }
        assertThat(h.flowEvents()).isEmpty();
    }

    @Test
    void cedarDenial_rangeLongerThanThePolicyAllows_isRefusedAndLogged() {
        HttpResponse<String> response = h.flow("owner-analytics", "aggregate-metrics",
                "{\"fields\":[\"day\",\"dau\"],\"from\":\"2026-01-01\",\"to\":\"2026-02-09\"}");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(GatewayHarness.json(response).path("type").asText()).endsWith("/egress-policy-denied");
        assertThat(h.flowEvents().getLast().reason()).isEqualTo("policy-denied");
        // Dates are the caller's choice (a birth date is a date): the record commits to them, keyed by the custodian.
        assertThat(h.flowEvents().getLast().query())
                .matches("fields=day,dau;from=hmac:[0-9a-f]{32};to=hmac:[0-9a-f]{32}").doesNotContain("2026");
    }

    @Test
    void aggregate_groupsBelowThresholdAreSuppressed_andNoiseIsAdded() {
        // A small test population needs a low release threshold: ε = 4 for one contribution per user, δ = 0.001.
        h.gateway.publish(new PolicyBundle(GatewayHarness.bundledWith(Map.of(
                "aggregate-metrics.flow.json", t -> t.replace("\"epsilonPerCall\": \"1\"", "\"epsilonPerCall\": \"4\"")
                        .replace("\"maxContributionsPerUser\": 7", "\"maxContributionsPerUser\": 1")
                        .replace("\"delta\": \"0.000001\"", "\"delta\": \"0.001\"")))), GatewayHarness.custodian());
        LocalDate day = LocalDate.parse("2026-02-01");
        for (int i = 0; i < 200; i++) { // a large group: region AA, born 1990 (age band 35-44)
            h.users.add(new UserActivity(LocalDate.of(1990, 1, 1), "AA", Map.of(day, 600_000L)));
        }
        for (int i = 0; i < 3; i++) { // a tiny group: region ZZ
            h.users.add(new UserActivity(LocalDate.of(1990, 1, 1), "ZZ", Map.of(day, 600_000L)));
        }
        HttpResponse<String> response = h.flow("owner-analytics", "aggregate-metrics",
                "{\"fields\":[\"day\",\"region\",\"age_band\",\"dau\",\"watch_time_s\"],"
                        + "\"from\":\"2026-02-01\",\"to\":\"2026-02-01\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode rows = GatewayHarness.json(response).path("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("region").asText()).isEqualTo("AA");
        assertThat(rows.get(0).path("age_band").asText()).isEqualTo("35-44");
        // Count noise of scale 1/2: within ±20 of the 200 real users except with negligible probability.
        assertThat(rows.get(0).path("dau").asLong()).isBetween(180L, 220L);
        assertThat(GatewayHarness.json(response).path("epsilonSpent").asText()).isEqualTo("4");
        AuditEvent.Flow recorded = h.flowEvents().getLast();
        assertThat(recorded.epsilonSpent()).isEqualTo("4");
        assertThat(recorded.rowsRead()).isEqualTo(203);
        assertThat(recorded.rowsDelivered()).isEqualTo(1);
    }

    @Test
    void budget_runsOutThenDenies_andIsLogged() {
        h.gateway.publish(new PolicyBundle(GatewayHarness.bundledWith(Map.of(
                "budgets.json", t -> "{\"owner-analytics\": \"2.4\"}"))), GatewayHarness.custodian());
        String body = "{\"fields\":[\"day\",\"dau\"],\"from\":\"2026-02-01\",\"to\":\"2026-02-02\"}";
        assertThat(h.flow("owner-analytics", "aggregate-metrics", body).statusCode()).isEqualTo(200);
        assertThat(h.flow("owner-analytics", "aggregate-metrics", body).statusCode()).isEqualTo(200);
        HttpResponse<String> third = h.flow("owner-analytics", "aggregate-metrics", body);
        assertThat(third.statusCode()).isEqualTo(403);
        assertThat(GatewayHarness.json(third).path("type").asText()).endsWith("/egress-budget-exhausted");
        JsonNode budget = GatewayHarness.json(h.get("owner-analytics", "/v1/egress/budget"));
        assertThat(budget.path("spent").asText()).isEqualTo("2");
        assertThat(budget.path("remaining").asText()).isEqualTo("0.4");
        assertThat(h.flowEvents().getLast().decision()).isEqualTo(AuditEvent.Decision.DENIED);
        assertThat(h.flowEvents().getLast().reason()).isEqualTo("budget-exhausted");
    }

    @Test
    void budget_concurrentCalls_neverOverspend() throws Exception {
        h.gateway.publish(new PolicyBundle(GatewayHarness.bundledWith(Map.of(
                "budgets.json", t -> "{\"owner-analytics\": \"3.5\"}"))), GatewayHarness.custodian());
        String body = "{\"fields\":[\"day\",\"dau\"],\"from\":\"2026-02-01\",\"to\":\"2026-02-01\"}";
        List<Future<Integer>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> h.flow("owner-analytics", "aggregate-metrics", body).statusCode()));
            }
        }
        long ok = 0;
        for (Future<Integer> call : calls) {
            ok += call.get() == 200 ? 1 : 0;
        }
        assertThat(ok).isEqualTo(3);
        assertThat(GatewayHarness.json(h.get("owner-analytics", "/v1/egress/budget")).path("spent").asText())
                .isEqualTo("3");
    }

    @Test
    void trustAndSafety_likerPseudonymsDifferAcrossRecipients_andRotateWithTheKeyVersion() {
        h.likers.put(3L, List.of("a1b2", "c3d4", "e5f6"));
        h.gateway.publish(new PolicyBundle(GatewayHarness.bundledWith(Map.of(
                "trust-and-safety.flow.json", t -> t.replace("[\"owner-trust-safety\"]",
                        "[\"owner-trust-safety\", \"owner-trust-safety-2\"]"),
                "second.cedar", t -> """
                        permit (principal == Custos::Operator::"owner-trust-safety-2",
                                action == Custos::Action::"trust-and-safety", resource);
                        """))), GatewayHarness.custodian());
        String body = "{\"fields\":[\"video_id\",\"likes\",\"likers\"],\"videoIds\":[3,999]}";
        JsonNode one = GatewayHarness.json(h.flow("owner-trust-safety", "trust-and-safety", body));
        JsonNode again = GatewayHarness.json(h.flow("owner-trust-safety", "trust-and-safety", body));
        JsonNode two = GatewayHarness.json(h.flow("owner-trust-safety-2", "trust-and-safety", body));
        List<String> first = texts(one.path("rows").get(0).path("likers"));
        assertThat(one.path("rows")).hasSize(1); // 999 does not exist: left out
        assertThat(first).hasSize(3).allMatch(p -> p.matches("px1:[0-9a-f]{32}"));
        assertThat(texts(again.path("rows").get(0).path("likers"))).isEqualTo(first);
        assertThat(texts(two.path("rows").get(0).path("likers"))).hasSize(3).doesNotContainAnyElementsOf(first);

        h.gateway.publish(new PolicyBundle(GatewayHarness.bundledWith(Map.of(
                "trust-and-safety.flow.json", t -> t.replace("\"pseudonymKeyVersion\": 1",
                        "\"pseudonymKeyVersion\": 2")))), GatewayHarness.custodian());
        List<String> rotated = texts(GatewayHarness.json(h.flow("owner-trust-safety", "trust-and-safety", body))
                .path("rows").get(0).path("likers"));
        assertThat(rotated).hasSize(3).allMatch(p -> p.startsWith("px2:")).doesNotContainAnyElementsOf(first);
    }

    @Test
    void modelTelemetry_deliversOnlyMetricsOverEnoughExamples() {
        h.telemetry.publish(List.of(new TrainingMetric("train.logloss", 50_000, 0.41),
                new TrainingMetric("train.auc.small-cohort", 12, 0.9)));
        JsonNode rows = GatewayHarness.json(h.flow("owner-ml", "model-telemetry",
                "{\"fields\":[\"metric\",\"examples\",\"value\"]}")).path("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("metric").asText()).isEqualTo("train.logloss");
    }

    @Test
    void publish_custodianOnly_versionedAndLogged_invalidSetsChangeNothing() {
        String before = h.gateway.policyVersion();
        Map<String, String> files = GatewayHarness.bundledWith(Map.of(
                "public-content.flow.json", t -> t.replace("\"likes\": \"pass\"", "\"likes\": \"pass\",\n"
                        + "    \"shares\": \"pass\"")));
        assertThat(h.publish("owner-sync", files).statusCode()).isEqualTo(403);
        HttpResponse<String> invalid = h.publish("custodian-admin", GatewayHarness.bundledWith(Map.of(
                "owner.cedar", t -> t + "\npermit (")));
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(h.gateway.policyVersion()).isEqualTo(before);

        HttpResponse<String> published = h.publish("custodian-admin", files);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        String version = GatewayHarness.json(published).path("version").asText();
        assertThat(version).isNotEqualTo(before).isEqualTo(new PolicyBundle(new java.util.TreeMap<>(files)).version());
        assertThat(h.policyEvents().getLast().version()).isEqualTo(version);
        assertThat(h.policyEvents().getLast().author().id()).isEqualTo("operator-6");
        assertThat(h.flow("owner-sync", "public-content", "{\"fields\":[\"shares\"]}").statusCode()).isEqualTo(200);
        assertThat(GatewayHarness.json(h.get("owner-sync", "/v1/egress/policy")).path("version").asText())
                .isEqualTo(version);
        assertThat(GatewayHarness.json(h.publish("custodian-admin", files)).path("published").asBoolean()).isFalse();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.custos.app.accounts.OperatorCredentials;
import org.custos.app.accounts.Role;
import org.custos.server.CustosServer;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a caller writes reaches the public log (issue 15): users' e-mails, handles, display names and birth dates
 * are written into every free-text input of the lockbox's and the gateway's request routes (purposes,
 * justifications, flow names, field names and every flow parameter), including inputs that are refused, and the
 * whole log is then scanned for them. The log is append-only and public: a string that got in stays there.
 */
class CallerTextIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The bundled flows, their recipient and a field each declares. */
    private static final List<List<String>> FLOWS = List.of(
            List.of("public-content", "owner-sync", "video_id"),
            List.of("aggregate-metrics", "owner-analytics", "dau"),
            List.of("trust-and-safety", "owner-trust-safety", "video_id"),
            List.of("model-telemetry", "owner-ml", "metric"));
    private static final List<String> PARAMETERS = List.of("after", "limit", "from", "to", "videoIds");

    @TempDir
    Path dataDir;

    private record Person(String handle, String email, String displayName, String birthDate) {
        List<String> strings() {
            return List.of(handle, email, displayName, birthDate);
        }
    }

    @Test
    void callerText_inEveryLockboxAndEgressInput_neverReachesTheLog() throws Exception {
        try (CustosServer server = CustosServer.start(AuditServers.config(dataDir, Duration.ofSeconds(1)),
                Clock.systemUTC())) {
            URI base = server.baseUri();
            String run = Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()) % 1_000_000, 36);
            List<Person> people = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // A handle a flow name, a field name and a purpose could all hold: lower case, no underscore.
                String handle = "zq" + run + "w" + i;
                Person person = new Person(handle, "mail.zq" + run + i + "@example.net",
                        "Zara Quill " + run + " " + i, "1991-11-2" + i);
                int status = AuditServers.post(base, "/v1/accounts", null, JSON.writeValueAsString(Map.of(
                        "handle", handle, "displayName", person.displayName(), "email", person.email(),
                        "password", "password-of-" + handle, "birthDate", person.birthDate(), "region", "DE")))
                        .statusCode();
                assertThat(status).isEqualTo(201);
                people.add(person);
            }
            String engineer = operator(server, "owner-eng", Role.OWNER_ENGINEER);
            String alice = operator(server, "approver-alice", Role.CUSTODIAN_APPROVER);
            String bob = operator(server, "approver-bob", Role.CUSTODIAN_APPROVER);
            Map<String, String> owners = new LinkedHashMap<>();
            for (List<String> flow : FLOWS) {
                owners.put(flow.get(1), operator(server, flow.get(1), Role.OWNER_ENGINEER));
            }

            int filed = 0;
            for (Person person : people) {
                for (String text : person.strings()) {
                    String lower = text.toLowerCase(Locale.ROOT);
                    List<String> purposes = List.of(text, lower, "support." + lower,
                            "support." + person.handle() + ".dob-" + person.birthDate());
                    for (String purpose : purposes) {
                        lockboxRequest(base, engineer, person.handle(), purpose, "Ticket 4711 about " + text);
                    }
                    if (lockboxRequest(base, engineer, person.handle(), "support.debug-account",
                            "The user " + text + " cannot log in") == 201) {
                        filed++;
                    }
                }
            }
            assertThat(filed).as("requests with a code purpose are filed").isPositive();
            String granted = fileOne(base, engineer, people.getFirst().handle());
            assertThat(post(base, "/v1/lockbox/requests/" + granted + "/approve", alice, null).statusCode())
                    .isEqualTo(200);
            assertThat(post(base, "/v1/lockbox/requests/" + granted + "/approve", bob, null).statusCode())
                    .isEqualTo(200);
            assertThat(get(base, "/v1/lockbox/grants/" + granted + "/data", engineer).statusCode()).isEqualTo(200);
            assertThat(get(base, "/v1/lockbox/grants/999999/data", engineer).statusCode()).isEqualTo(403);

            for (Person person : people) {
                for (String text : person.strings()) {
                    for (List<String> flow : FLOWS) {
                        String name = flow.get(0);
                        String token = owners.get(flow.get(1));
                        String field = flow.get(2);
                        egress(base, token, name, Map.of("fields", List.of(field, text)));
                        egress(base, token, name, Map.of("fields", List.of(text)));
                        egress(base, token, name, Map.of("fields", List.of(text.toLowerCase(Locale.ROOT))));
                        Map<String, Object> all = new LinkedHashMap<>();
                        all.put("fields", List.of(field, text.toLowerCase(Locale.ROOT)));
                        for (String parameter : PARAMETERS) {
                            egress(base, token, name, Map.of("fields", List.of(field), parameter, text));
                            egress(base, token, name, Map.of("fields", List.of(field), parameter, List.of(text)));
                            all.put(parameter, parameter.equals("videoIds") ? List.of(text) : text);
                        }
                        egress(base, token, name, all);
                        // Another recipient's flow: refused before any parameter is looked at.
                        egress(base, owners.get("owner-ml"), name, all);
                    }
                    egress(base, owners.get("owner-sync"), text, Map.of("fields", List.of("video_id")));
                    egress(base, owners.get("owner-sync"), text.toLowerCase(Locale.ROOT),
                            Map.of("fields", List.of("video_id")));
                }
                // A birth date is a well-formed date: a valid range of one day is run and recorded.
                egress(base, owners.get("owner-analytics"), "aggregate-metrics",
                        Map.of("fields", List.of("dau"), "from", person.birthDate(), "to", person.birthDate()));
            }
            assertThat(egress(base, owners.get("owner-sync"), "public-content",
                    Map.of("fields", List.of("video_id"), "after", 0, "limit", 5))).isEqualTo(200);

            AuditServers.awaitRelayed(server);
            List<byte[]> entries = AuditServers.entryBytes(server);
            List<AuditEntry> decoded = new ArrayList<>();
            for (byte[] entry : entries) {
                decoded.add(AuditEntryCodec.decode(entry));
            }
            assertThat(decoded).as("the lockbox's steps are logged")
                    .filteredOn(e -> e instanceof AuditEntry.AccessStep).hasSizeGreaterThan(filed);
            assertThat(decoded).as("flows and refusals are logged")
                    .filteredOn(e -> e instanceof AuditEntry.EgressFlow f && f.decision().name().equals("DENIED"))
                    .isNotEmpty();
            assertThat(decoded).filteredOn(e -> e instanceof AuditEntry.EgressFlow f
                    && f.decision().name().equals("ALLOWED")).isNotEmpty();
            for (int i = 0; i < entries.size(); i++) {
                String text = new String(entries.get(i), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                for (Person person : people) {
                    for (String secret : person.strings()) {
                        assertThat(text).as("entry %d: %s", i, AuditEntryCodec.describe(decoded.get(i)))
                                .doesNotContain(secret.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
    }

    private static int lockboxRequest(URI base, String token, String subject, String purpose, String justification)
            throws Exception {
        return post(base, "/v1/lockbox/requests", token, JSON.writeValueAsString(Map.of("subject", subject,
                "scopes", List.of("contact"), "purpose", purpose, "justification", justification,
                "durationMinutes", 30))).statusCode();
    }

    private static String fileOne(URI base, String token, String subject) throws Exception {
        HttpResponse<String> filed = post(base, "/v1/lockbox/requests", token, JSON.writeValueAsString(Map.of(
                "subject", subject, "scopes", List.of("contact"), "purpose", "support.debug-account",
                "justification", "Ticket 1: the user cannot log in", "durationMinutes", 30)));
        assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
        return filed.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
    }

    private static int egress(URI base, String token, String flow, Map<String, Object> body) throws Exception {
        String path = "/v1/egress/flows/" + URLEncoder.encode(flow, StandardCharsets.UTF_8).replace("+", "%20");
        int status = post(base, path, token, JSON.writeValueAsString(body)).statusCode();
        assertThat(status).as("%s %s", flow, body).isNotEqualTo(500);
        return status;
    }

    private static String operator(CustosServer server, String name, Role role) {
        OperatorCredentials created = server.app().operators().create(name, Set.of(role));
        HttpResponse<String> session = AuditServers.post(server.baseUri(), "/v1/operator-sessions", null,
                "{\"name\":\"%s\",\"password\":\"%s\"}".formatted(name, created.password()));
        assertThat(session.statusCode()).isEqualTo(201);
        return session.body().replaceFirst("(?s).*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private static HttpResponse<String> post(URI base, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return AuditServers.send(request.build());
    }

    private static HttpResponse<String> get(URI base, String path, String token) {
        return AuditServers.get(base, path, token);
    }
}

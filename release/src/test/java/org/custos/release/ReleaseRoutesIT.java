package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.custos.testing.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code /v1/releases} routes over real HTTP: roles, problem documents, and bad input that changes nothing. */
class ReleaseRoutesIT {
    private static GateHarness h;
    private static String engineer;
    private static String reviewer1;
    private static String reviewer2;
    private static String admin;
    private static String regulator;

    @BeforeAll
    static void start() throws Exception {
        h = new GateHarness();
        engineer = h.operator("eng-1", ReleaseRole.SUBMITTER);
        reviewer1 = h.operator("rev-1", ReleaseRole.REVIEWER);
        reviewer2 = h.operator("rev-2", ReleaseRole.REVIEWER);
        admin = h.operator("admin-1", ReleaseRole.ADMIN);
        regulator = h.operator("regulator-1");
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static String upload(java.nio.file.Path file, String token) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        Sha256Digest digest = Sha256Digest.of(bytes);
        Reply reply = h.put("/v1/releases/blobs/" + digest.hex(), bytes, token);
        assertThat(reply.status()).as(reply.toString()).isIn(200, 201);
        assertThat(reply.text("digest")).isEqualTo(digest.toString());
        return digest.toString();
    }

    private static Reply submit(TestBundles.Bundle bundle, String notes) throws Exception {
        String artifact = upload(bundle.artifact(), engineer);
        String source = upload(bundle.source(), engineer);
        return h.call("POST", "/v1/releases", GateHarness.json(Map.of("artifact", artifact, "source", source,
                "notes", notes)), engineer);
    }

    @Test
    void wholeLife_overHttp() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("over http");
        Reply created = submit(bundle, "first release over HTTP");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.text("id");
        assertThat(created.header("Location")).isEqualTo("/v1/releases/" + id);
        assertThat(created.text("state")).isEqualTo("submitted");
        assertThat(submit(bundle, "again").status()).isEqualTo(200);

        assertThat(h.call("GET", "/v1/releases/" + id, null, regulator).text("id")).isEqualTo(id);
        assertThat(h.call("GET", "/v1/releases?state=submitted", null, regulator).json().path("items").toString())
                .contains(id);
        Reply diff = h.call("GET", "/v1/releases/" + id + "/diff", null, reviewer1);
        assertThat(diff.status()).isEqualTo(200);
        assertThat(diff.json().path("added").toString()).contains("src/org/example/engine/Main.java");

        Reply rebuild = h.call("POST", "/v1/releases/" + id + "/rebuild", null, reviewer1);
        assertThat(rebuild.status()).as(rebuild.toString()).isEqualTo(200);
        assertThat(rebuild.json().path("matches").asBoolean()).isTrue();

        Reply first = h.call("POST", "/v1/releases/" + id + "/reviews", GateHarness.json(Map.of("verdict", "approve",
                "findings", "read it all")), reviewer1);
        assertThat(first.text("state")).isEqualTo("submitted");
        Reply second = h.call("POST", "/v1/releases/" + id + "/reviews", GateHarness.json(Map.of("verdict",
                "approve", "findings", "ok")), reviewer2);
        assertThat(second.text("state")).as(second.toString()).isEqualTo("approved");

        HttpResponse<byte[]> statement = h.raw("/v1/releases/" + id + "/statement", regulator);
        assertThat(statement.statusCode()).isEqualTo(200);
        DsseEnvelope envelope = DsseEnvelope.parse(new String(statement.body(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> key = h.raw("/v1/releases/signing-key", null);
        assertThat(key.statusCode()).isEqualTo(200);
        assertThat(key.headers().firstValue("Content-Type")).contains("application/x-pem-file");
        assertThat(envelope.verifies(ReleaseKeys.parsePem(new String(key.body(), StandardCharsets.US_ASCII))))
                .isTrue();
        HttpResponse<byte[]> artifact = h.raw("/v1/releases/" + id + "/artifact", regulator);
        assertThat(artifact.body()).isEqualTo(Files.readAllBytes(bundle.artifact()));
        assertThat(h.raw("/v1/releases/" + id + "/source", regulator).body())
                .isEqualTo(Files.readAllBytes(bundle.source()));

        assertThat(h.call("POST", "/v1/releases/" + id + "/deploy", null, reviewer1).problem()).isEqualTo("forbidden");
        Reply deployed = h.call("POST", "/v1/releases/" + id + "/deploy", null, admin);
        assertThat(deployed.text("release")).isEqualTo(id);
        assertThat(h.call("GET", "/v1/releases/deployment", null, regulator).text("release")).isEqualTo(id);
        Reply revoked = h.call("POST", "/v1/releases/" + id + "/revoke", GateHarness.json(Map.of("reason",
                "superseded")), admin);
        assertThat(revoked.text("state")).isEqualTo("revoked");
        assertThat(revoked.text("closedReason")).isEqualTo("superseded");
        assertThat(h.call("GET", "/v1/releases/deployment", null, regulator).status()).isEqualTo(404);
    }

    @Test
    void roles_eachRouteNeedsItsRole() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("roles");
        byte[] bytes = Files.readAllBytes(bundle.artifact());
        String hex = Sha256Digest.of(bytes).hex();
        assertThat(h.put("/v1/releases/blobs/" + hex, bytes, null).status()).isEqualTo(401);
        Reply unauthenticated = h.call("GET", "/v1/releases", null, "no-such-token");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(unauthenticated.problem()).isEqualTo("unauthenticated");
        assertThat(unauthenticated.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(unauthenticated.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(h.put("/v1/releases/blobs/" + hex, bytes, reviewer1).problem()).isEqualTo("forbidden");
        assertThat(h.call("GET", "/v1/releases", null, h.user("42")).problem()).isEqualTo("forbidden");
        assertThat(h.call("GET", "/v1/releases", null, h.roleless("nobody")).problem()).isEqualTo("forbidden");

        Reply created = submit(bundle, "");
        String id = created.text("id");
        assertThat(h.call("POST", "/v1/releases/" + id + "/reviews", GateHarness.json(Map.of("verdict", "approve")),
                engineer).problem()).isEqualTo("forbidden");
        assertThat(h.call("POST", "/v1/releases/" + id + "/rebuild", null, engineer).problem()).isEqualTo("forbidden");
        assertThat(h.call("POST", "/v1/releases/" + id + "/revoke", GateHarness.json(Map.of("reason", "other")),
                reviewer1).problem()).isEqualTo("forbidden");
        // an operator with both roles still cannot review their own submission
        String both = h.operator("eng-rev", ReleaseRole.SUBMITTER, ReleaseRole.REVIEWER);
        String artifact = upload(h.bundles.bundle("both roles").artifact(), both);
        TestBundles.Bundle other = h.bundles.bundle("both roles 2");
        Reply own = h.call("POST", "/v1/releases", GateHarness.json(Map.of("artifact", upload(other.artifact(), both),
                "source", upload(other.source(), both))), both);
        assertThat(artifact).isNotEmpty();
        Reply self = h.call("POST", "/v1/releases/" + own.text("id") + "/reviews", GateHarness.json(Map.of("verdict",
                "approve")), both);
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.problem()).isEqualTo("self-review");
        // the signing key is public
        assertThat(h.raw("/v1/releases/signing-key", null).statusCode()).isEqualTo(200);
    }

    @Test
    void badInput_answersAProblemNamingTheCauseAndChangesNothing() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("bad input");
        byte[] bytes = Files.readAllBytes(bundle.artifact());
        Reply wrongDigest = h.put("/v1/releases/blobs/" + "0".repeat(64), bytes, engineer);
        assertThat(wrongDigest.status()).isEqualTo(400);
        assertThat(wrongDigest.problem()).isEqualTo("digest-mismatch");
        assertThat(wrongDigest.text("detail")).contains(Sha256Digest.of(bytes).toString());
        assertThat(h.gate.blobs().contains(new Sha256Digest("0".repeat(64)))).isFalse();
        assertThat(h.put("/v1/releases/blobs/NOTHEX", bytes, engineer).problem()).isEqualTo("validation");

        Reply missing = h.call("POST", "/v1/releases", GateHarness.json(Map.of("artifact", "sha256:" + "1".repeat(64),
                "source", "nope")), engineer);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).containsExactly("source");
        Reply notUploaded = h.call("POST", "/v1/releases", GateHarness.json(Map.of("artifact", "sha256:"
                + "1".repeat(64), "source", "sha256:" + "2".repeat(64))), engineer);
        assertThat(notUploaded.errorFields()).containsExactly("artifact", "source");
        assertThat(notUploaded.json().path("errors").get(0).path("message").asText()).contains("upload it first");
        assertThat(h.call("POST", "/v1/releases", "{\"artifact\":", engineer).problem()).isEqualTo("malformed-json");
        assertThat(h.call("POST", "/v1/releases", GateHarness.json(Map.of("artifact", "x", "color", "red")),
                engineer).errorFields()).contains("color");
        Reply wrongType = h.send("/v1/releases", "text/plain", "{}", engineer);
        assertThat(wrongType.status()).isEqualTo(415);

        // a source archive uploaded as the artifact is an invalid artifact
        String source = upload(bundle.source(), engineer);
        Reply invalid = h.call("POST", "/v1/releases", GateHarness.json(Map.of("artifact", source, "source", source)),
                engineer);
        assertThat(invalid.problem()).isEqualTo("invalid-artifact");
        assertThat(invalid.text("detail")).contains("MANIFEST");

        String artifact = upload(bundle.artifact(), engineer);
        String id = h.call("POST", "/v1/releases", GateHarness.json(Map.of("artifact", artifact, "source", source)),
                engineer).text("id");
        Reply badVerdict = h.call("POST", "/v1/releases/" + id + "/reviews", GateHarness.json(Map.of("verdict",
                "maybe", "reason", "because")), reviewer1);
        assertThat(badVerdict.errorFields()).containsExactly("verdict", "reason");
        Reply approveWithReason = h.call("POST", "/v1/releases/" + id + "/reviews", GateHarness.json(Map.of(
                "verdict", "approve", "reason", "other")), reviewer1);
        assertThat(approveWithReason.errorFields()).containsExactly("reason");
        assertThat(h.call("POST", "/v1/releases/" + id + "/revoke", GateHarness.json(Map.of("reason", "whim")),
                admin).errorFields()).containsExactly("reason");
        assertThat(h.call("POST", "/v1/releases/" + id + "/revoke", GateHarness.json(Map.of("reason", "other")),
                admin).problem()).isEqualTo("release-closed");
        assertThat(h.call("GET", "/v1/releases/rel-0000000000000000", null, regulator).problem())
                .isEqualTo("not-found");
        assertThat(h.call("GET", "/v1/releases/../etc", null, regulator).status()).isEqualTo(404);
        assertThat(h.call("GET", "/v1/releases/" + id + "/statement", null, regulator).problem())
                .isEqualTo("not-found");
        assertThat(h.call("GET", "/v1/releases?limit=0", null, regulator).errorFields()).containsExactly("limit");
        assertThat(h.gate.find(id).orElseThrow().reviews()).isEmpty();
        assertThat(h.steps(id)).hasSize(1);
    }

    @Test
    void mismatch_overHttp_isAProblemListingTheDifferingEntries() throws Exception {
        TestBundles.Bundle genuine = h.bundles.bundle("shipped");
        java.nio.file.Path claimed = h.bundles.archive(TestBundles.sources("reviewed", ""));
        String id = submit(new TestBundles.Bundle(genuine.artifact(), claimed), "").text("id");
        h.call("POST", "/v1/releases/" + id + "/reviews", GateHarness.json(Map.of("verdict", "approve")), reviewer1);
        Reply blocked = h.call("POST", "/v1/releases/" + id + "/reviews", GateHarness.json(Map.of("verdict",
                "approve")), reviewer2);
        assertThat(blocked.status()).isEqualTo(409);
        assertThat(blocked.problem()).isEqualTo("rebuild-mismatch");
        assertThat(blocked.json().path("differing").toString()).isEqualTo("[\"org/example/engine/Main.class\"]");
        assertThat(h.call("GET", "/v1/releases/" + id, null, regulator).text("state")).isEqualTo("submitted");
    }
}

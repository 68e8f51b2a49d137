package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditEvent.ReleaseStep.Step;
import org.custos.vault.Principal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Submission, review, rebuild and approval on real parts (PostgreSQL, files, javac, Ed25519). */
class ReleaseGateIT {
    private static final Principal ENGINEER = Principal.operator("eng-1");
    private static final Principal REVIEWER_1 = Principal.operator("rev-1");
    private static final Principal REVIEWER_2 = Principal.operator("rev-2");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GateHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new GateHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Test
    void submit_sameBytesTwice_returnsTheSameReleaseWithOneSubmittedStep() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("twice");
        Release first = h.gate.submit(bundle.artifact(), bundle.source(), "first notes", ENGINEER);
        Release again = h.gate.submit(bundle.artifact(), bundle.source(), "other notes", ENGINEER);

        assertThat(again.id()).isEqualTo(first.id()).isEqualTo("rel-" + bundle.artifactDigest().hex().substring(0, 16));
        assertThat(again.notes()).isEqualTo("first notes");
        assertThat(first.state()).isEqualTo(ReleaseState.SUBMITTED);
        assertThat(first.mainClass()).isEqualTo(TestBundles.MAIN);
        assertThat(first.fileName()).isEqualTo("example-engine.jar");
        List<AuditEvent.ReleaseStep> steps = h.steps(first.id());
        assertThat(steps).extracting(AuditEvent.ReleaseStep::step).containsExactly(Step.SUBMITTED);
        assertThat(steps.getFirst().commitment()).isEqualTo(Sha256Digest.ofText("first notes").toString());
        assertThat(steps.getFirst().actor()).isEqualTo(ENGINEER);
        // the blob store holds each blob once, under its digest, verified on read
        assertThat(h.gate.blob(bundle.artifactDigest())).hasSameBinaryContentAs(bundle.artifact());
    }

    @Test
    void submit_sameArtifactWithAnotherSource_isAConflictAndChangesNothing() throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle("conflict");
        Release release = h.gate.submit(bundle.artifact(), bundle.source(), "", ENGINEER);
        Path otherSource = h.bundles.archive(TestBundles.sources("something else", ""));

        assertThatThrownBy(() -> h.gate.submit(bundle.artifact(), otherSource, "", ENGINEER))
                .isInstanceOfSatisfying(ReleaseException.class, e -> {
                    assertThat(e.problem()).isEqualTo(ReleaseProblem.SUBMISSION_CONFLICT);
                    assertThat(e.detail()).contains(release.sourceDigest().toString());
                });
        assertThat(h.gate.find(release.id()).orElseThrow().sourceDigest()).isEqualTo(bundle.sourceDigest());
        assertThat(h.steps(release.id())).hasSize(1);
    }

    @Test
    void submit_invalidArtifactsAndArchives_areRefusedNamingTheCause() throws Exception {
        TestBundles.Bundle good = h.bundles.bundle("good");
        Path notAJar = Files.writeString(h.root.resolve("not-a-jar.jar"), "plain text");
        assertProblem(() -> h.gate.submit(notAJar, good.source(), "", ENGINEER), ReleaseProblem.INVALID_ARTIFACT,
                "not a jar");
        // a jar whose manifest lacks the protocol version
        Path noProtocol = h.root.resolve("no-protocol.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(noProtocol), manifest("1.0", null))) {
            out.putNextEntry(new java.util.jar.JarEntry("org/example/engine/Main.class"));
            out.write(new byte[] {(byte) 0xca, (byte) 0xfe});
        }
        assertProblem(() -> h.gate.submit(noProtocol, good.source(), "", ENGINEER), ReleaseProblem.INVALID_ARTIFACT,
                "Custos-Protocol-Version");
        Path future = h.root.resolve("future.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(future), manifest("1.0", "7"))) {
            out.putNextEntry(new java.util.jar.JarEntry("org/example/engine/Main.class"));
            out.write(new byte[] {(byte) 0xca, (byte) 0xfe});
        }
        assertProblem(() -> h.gate.submit(future, good.source(), "", ENGINEER), ReleaseProblem.INVALID_ARTIFACT,
                "protocol version 7");
        var files = TestBundles.sources("no lock", "");
        files.remove("deps.lock");
        Path noLock = h.bundles.archive(files);
        assertProblem(() -> h.gate.submit(good.artifact(), noLock, "", ENGINEER), ReleaseProblem.INVALID_SOURCE,
                "deps.lock");
        assertThat(h.gate.find(good.artifactDigest().releaseId())).isEmpty();
    }

    private static java.util.jar.Manifest manifest(String version, String protocol) {
        java.util.jar.Manifest m = new java.util.jar.Manifest();
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, version);
        m.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, TestBundles.MAIN);
        m.getMainAttributes().putValue(BundleManifest.BUNDLE_NAME, "x");
        if (protocol != null) {
            m.getMainAttributes().putValue(BundleManifest.PROTOCOL_VERSION, protocol);
        }
        return m;
    }

    @Test
    void review_bySubmitter_isRefusedAndChangesNothing() throws Exception {
        Release release = submit("self");
        assertProblem(() -> h.gate.review(release.id(), ENGINEER, ReviewVerdict.APPROVE, "mine", Optional.empty()),
                ReleaseProblem.SELF_REVIEW, "submitter");
        assertThat(h.gate.find(release.id()).orElseThrow().reviews()).isEmpty();
        assertThat(h.steps(release.id())).hasSize(1);
    }

    @Test
    void review_nReviewerRule_oneCountsOnceAndTheSecondApprovesAfterAMatchingRebuild() throws Exception {
        Release release = submit("two reviewers");
        Release one = h.gate.review(release.id(), REVIEWER_1, ReviewVerdict.APPROVE, "read the diff", Optional.empty());
        assertThat(one.state()).isEqualTo(ReleaseState.SUBMITTED);
        assertThat(one.rebuild()).isEmpty();
        assertProblem(() -> h.gate.review(release.id(), REVIEWER_1, ReviewVerdict.APPROVE, "again", Optional.empty()),
                ReleaseProblem.ALREADY_REVIEWED, "once");

        Release approved = h.gate.review(release.id(), REVIEWER_2, ReviewVerdict.APPROVE, "ok", Optional.empty());

        assertThat(approved.state()).isEqualTo(ReleaseState.APPROVED);
        assertThat(approved.approvers()).containsExactly(REVIEWER_1, REVIEWER_2);
        assertThat(approved.rebuild().orElseThrow().matches()).isTrue();
        assertThat(approved.statement()).isPresent();
        List<AuditEvent.ReleaseStep> steps = h.steps(release.id());
        assertThat(steps).extracting(AuditEvent.ReleaseStep::step)
                .containsExactly(Step.SUBMITTED, Step.REVIEWED, Step.REVIEWED, Step.APPROVED);
        assertThat(steps.get(1).reason()).isEqualTo("approve");
        assertThat(steps.get(1).commitment()).isEqualTo(Sha256Digest.ofText("read the diff").toString());
        assertThat(steps.get(3).statement()).isEqualTo(approved.statement().orElseThrow());
        assertThat(steps.get(3).actor()).isEqualTo(REVIEWER_2);
        // no more reviews once decided
        assertProblem(() -> h.gate.review(release.id(), Principal.operator("rev-3"), ReviewVerdict.APPROVE, "",
                Optional.empty()), ReleaseProblem.RELEASE_CLOSED, "approved");
    }

    @Test
    void review_threeRequired_needsThreeDistinctReviewers() throws Exception {
        try (ReleaseGate three = h.open(h.settings.withRequiredReviews(3))) {
            TestBundles.Bundle bundle = h.bundles.bundle("three");
            Release release = three.submit(bundle.artifact(), bundle.source(), "", ENGINEER);
            assertThat(release.requiredReviews()).isEqualTo(3);
            three.review(release.id(), REVIEWER_1, ReviewVerdict.APPROVE, "", Optional.empty());
            Release two = three.review(release.id(), REVIEWER_2, ReviewVerdict.APPROVE, "", Optional.empty());
            assertThat(two.state()).isEqualTo(ReleaseState.SUBMITTED);
            Release done = three.review(release.id(), Principal.operator("rev-3"), ReviewVerdict.APPROVE, "",
                    Optional.empty());
            assertThat(done.state()).isEqualTo(ReleaseState.APPROVED);
        }
    }

    @Test
    void reject_closesTheReleaseWithAReasonCode() throws Exception {
        Release release = submit("rejected");
        h.gate.review(release.id(), REVIEWER_1, ReviewVerdict.APPROVE, "fine by me", Optional.empty());
        Release rejected = h.gate.review(release.id(), REVIEWER_2, ReviewVerdict.REJECT, "opens a socket",
                Optional.of(ReasonCode.UNDECLARED_EGRESS));

        assertThat(rejected.state()).isEqualTo(ReleaseState.REJECTED);
        assertThat(rejected.closedReason()).contains("undeclared-egress");
        assertThat(rejected.statement()).isEmpty();
        List<AuditEvent.ReleaseStep> steps = h.steps(release.id());
        assertThat(steps).extracting(AuditEvent.ReleaseStep::step)
                .containsExactly(Step.SUBMITTED, Step.REVIEWED, Step.REVIEWED, Step.REJECTED);
        assertThat(steps.get(2).reason()).isEqualTo("reject");
        assertThat(steps.get(3).reason()).isEqualTo("undeclared-egress");
        // free text never reaches the log: only its commitment
        assertThat(steps.toString()).doesNotContain("opens a socket");
        assertProblem(() -> h.gate.review(release.id(), Principal.operator("rev-3"), ReviewVerdict.APPROVE, "",
                Optional.empty()), ReleaseProblem.RELEASE_CLOSED, "rejected");
    }

    @Test
    void approval_whenTheSourceRebuildsToOtherBytes_isBlockedWithTheDifferingEntries() throws Exception {
        TestBundles.Bundle genuine = h.bundles.bundle("the shipped code");
        Path claimed = h.bundles.archive(TestBundles.sources("the reviewed code", ""));
        Release release = h.gate.submit(genuine.artifact(), claimed, "", ENGINEER);
        h.gate.review(release.id(), REVIEWER_1, ReviewVerdict.APPROVE, "", Optional.empty());

        assertThatThrownBy(() -> h.gate.review(release.id(), REVIEWER_2, ReviewVerdict.APPROVE, "",
                Optional.empty())).isInstanceOfSatisfying(ReleaseException.class, e -> {
                    assertThat(e.problem()).isEqualTo(ReleaseProblem.REBUILD_MISMATCH);
                    assertThat(e.extensions().get("differing")).isEqualTo(List.of("org/example/engine/Main.class"));
                    assertThat(e.detail()).contains(release.artifactDigest().toString());
                });

        Release after = h.gate.find(release.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(ReleaseState.SUBMITTED);
        assertThat(after.approvers()).containsExactly(REVIEWER_1);
        RebuildReport report = after.rebuild().orElseThrow();
        assertThat(report.matches()).isFalse();
        assertThat(report.differing()).containsExactly("org/example/engine/Main.class");
        assertThat(report.onlyInSubmitted()).isEmpty();
        assertThat(report.onlyInRebuilt()).isEmpty();
        assertThat(report.rebuiltDigest()).isPresent().get().isNotEqualTo(release.artifactDigest());
        assertThat(report.runtime()).isEqualTo(Runtime.version().toString());
        assertThat(h.steps(release.id())).extracting(AuditEvent.ReleaseStep::step).doesNotContain(Step.APPROVED);
    }

    @Test
    void statement_isACanonicalDsseEnvelopeSignedWithTheReleaseKey() throws Exception {
        String lock = h.bundles.dependency("org.example:lib:1.0", "a locked library".getBytes(StandardCharsets.UTF_8));
        Sha256Digest libDigest = Sha256Digest.of(h.bundles.dependencyStore().resolve("lib-1.0.jar"));
        Path source = h.bundles.archive(TestBundles.sources("with a dependency", lock + "\n"));
        Path artifact = h.bundles.build(source);
        Release release = h.approve(new TestBundles.Bundle(artifact, source));
        String json = release.statement().orElseThrow();

        DsseEnvelope envelope = DsseEnvelope.parse(json);
        assertThat(envelope.encode()).isEqualTo(json);
        assertThat(json).startsWith("{\"payload\":\"").doesNotContain(" ", "\n");
        assertThat(envelope.payloadType()).isEqualTo("application/vnd.in-toto+json");
        assertThat(envelope.signatures()).singleElement().satisfies(s ->
                assertThat(s.keyid()).isEqualTo(ReleaseKeys.keyId(h.gate.signingKey())));
        // the signature is Ed25519 over the DSSE PAE, checked here with the JDK alone
        byte[] payload = envelope.payload();
        byte[] pae = ("DSSEv1 28 application/vnd.in-toto+json " + payload.length + " ").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[pae.length + payload.length];
        System.arraycopy(pae, 0, signed, 0, pae.length);
        System.arraycopy(payload, 0, signed, pae.length, payload.length);
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(h.gate.signingKey());
        ed25519.update(signed);
        assertThat(ed25519.verify(envelope.signatures().getFirst().sig())).isTrue();
        assertThat(envelope.verifies(h.gate.signingKey())).isTrue();

        JsonNode statement = JSON.readTree(payload);
        assertThat(CanonicalJson.write(statement)).isEqualTo(new String(payload, StandardCharsets.UTF_8));
        assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.path("subject").get(0).path("name").asText()).isEqualTo("example-engine.jar");
        assertThat(statement.path("subject").get(0).path("digest").path("sha256").asText())
                .isEqualTo(release.artifactDigest().hex());
        assertThat(statement.path("predicateType").asText()).isEqualTo("https://slsa.dev/provenance/v1");
        JsonNode definition = statement.path("predicate").path("buildDefinition");
        assertThat(definition.path("buildType").asText()).isEqualTo(HermeticRebuilder.BUILD_TYPE);
        assertThat(definition.path("externalParameters").path("source").path("digest").path("sha256").asText())
                .isEqualTo(release.sourceDigest().hex());
        assertThat(definition.path("externalParameters").path("recipe").path("bundle.main-class").asText())
                .isEqualTo(TestBundles.MAIN);
        JsonNode review = definition.path("internalParameters").path("review");
        assertThat(review.path("reviewers").toString()).isEqualTo("[\"operator:rev-1\",\"operator:rev-2\"]");
        assertThat(review.path("requiredApprovals").asInt()).isEqualTo(2);
        assertThat(definition.path("internalParameters").path("rebuild").path("matched").asBoolean()).isTrue();
        List<String> resolved = new ArrayList<>();
        definition.path("resolvedDependencies").forEach(d -> resolved.add(d.path("name").asText() + "@"
                + d.path("digest").path("sha256").asText()));
        assertThat(resolved).containsExactly("example-engine-sources.zip@" + release.sourceDigest().hex(),
                "org.example:lib:1.0@" + libDigest.hex());
        JsonNode metadata = statement.path("predicate").path("runDetails").path("metadata");
        assertThat(metadata.path("invocationId").asText()).startsWith(release.id() + "/rebuild/");
        assertThat(statement.path("predicate").path("runDetails").path("builder").path("id").asText())
                .isEqualTo(HermeticRebuilder.BUILDER_ID);
        assertThat(definition.path("resolvedDependencies").get(1).path("uri").asText())
                .isEqualTo("pkg:maven/org.example/lib@1.0");
        // a changed byte of the payload no longer verifies
        payload[payload.length - 3] ^= 1;
        assertThat(new DsseEnvelope(envelope.payloadType(), payload, envelope.signatures())
                .verifies(h.gate.signingKey())).isFalse();
    }

    @Test
    void diff_showsWhatChangedSinceTheLastApprovedRelease() throws Exception {
        Release base = h.approve(h.bundles.bundle("version one"));
        var files = TestBundles.sources("version two", "");
        files.put("src/org/example/engine/Extra.java", "package org.example.engine;\n\nfinal class Extra {\n}\n");
        files.remove("src/org/example/engine/Ranking.java");
        Path source = h.bundles.archive(files);
        Release next = h.gate.submit(h.bundles.build(source), source, "", ENGINEER);

        ReleaseDiff diff = h.gate.diff(next.id());

        assertThat(diff.baseRelease()).contains(base.id());
        assertThat(diff.added()).containsExactly("src/org/example/engine/Extra.java");
        assertThat(diff.removed()).containsExactly("src/org/example/engine/Ranking.java");
        assertThat(diff.changed()).containsExactly("src/org/example/engine/Main.java");
        ReleaseDiff.FileDiff main = diff.diffs().stream().filter(d -> d.path().endsWith("Main.java")).findFirst()
                .orElseThrow();
        assertThat(main.kind()).isEqualTo("text");
        assertThat(main.unified()).contains("--- a/src/org/example/engine/Main.java",
                "+++ b/src/org/example/engine/Main.java", "-    static final String GREETING = \"version one\";",
                "+    static final String GREETING = \"version two\";");
        assertThat(diff.truncated()).isFalse();
    }

    @Test
    void diff_isCappedAtTheConfiguredSize() throws Exception {
        try (ReleaseGate small = h.open(h.settings.withMaxDiffBytes(1024))) {
            var files = TestBundles.sources("big", "");
            files.put("src/Big.txt", "line of text\n".repeat(500));
            Path source = h.bundles.archive(files);
            Release release = small.submit(h.bundles.build(source), source, "", ENGINEER);
            ReleaseDiff diff = small.diff(release.id());
            assertThat(diff.truncated()).isTrue();
            int total = diff.diffs().stream().mapToInt(d -> d.unified().getBytes(StandardCharsets.UTF_8).length).sum();
            assertThat(total).isLessThan(1024 + 200);
        }
    }

    @Test
    void revokeAndDeploy_listenersHearOfThemAndRollbackDeploysAnEarlierRelease() throws Exception {
        List<String> heard = new ArrayList<>();
        h.gate.addListener(new ReleaseListener() {
            @Override
            public void deployed(Deployment deployment) {
                heard.add("deployed " + deployment.releaseId());
            }

            @Override
            public void revoked(Release release) {
                heard.add("revoked " + release.id());
            }
        });
        Release one = h.approve(h.bundles.bundle("deploy one"));
        Release two = h.approve(h.bundles.bundle("deploy two"));
        Principal admin = Principal.operator("admin-1");

        h.gate.deploy(one.id(), admin);
        Deployment second = h.gate.deploy(two.id(), admin);
        assertThat(second.previousRelease()).contains(one.id());
        assertThat(h.gate.deployed().orElseThrow().releaseId()).isEqualTo(two.id());

        Release revoked = h.gate.revoke(two.id(), admin, ReasonCode.VULNERABILITY);
        assertThat(revoked.state()).isEqualTo(ReleaseState.REVOKED);
        assertThat(h.gate.deployed()).isEmpty();
        assertProblem(() -> h.gate.deploy(two.id(), admin), ReleaseProblem.RELEASE_CLOSED, "revoked");
        Deployment rollback = h.gate.deploy(one.id(), admin);
        assertThat(rollback.previousRelease()).contains(two.id());
        assertThat(h.gate.deployed().orElseThrow().releaseId()).isEqualTo(one.id());
        assertThat(heard).containsSubsequence("deployed " + one.id(), "deployed " + two.id(), "revoked " + two.id(),
                "deployed " + one.id());
        AuditEvent.ReleaseStep step = h.steps(two.id()).getLast();
        assertThat(step.step()).isEqualTo(Step.REVOKED);
        assertThat(step.reason()).isEqualTo("vulnerability");
        assertThat(step.actor()).isEqualTo(admin);
    }

    private static Release submit(String greeting) throws Exception {
        TestBundles.Bundle bundle = h.bundles.bundle(greeting);
        return h.gate.submit(bundle.artifact(), bundle.source(), "notes: " + greeting, ENGINEER);
    }

    static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ReleaseProblem problem,
                              String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ReleaseException.class, e -> {
            assertThat(e.problem()).isEqualTo(problem);
            assertThat(e.detail()).contains(detail);
        });
    }
}

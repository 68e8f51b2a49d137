package org.custos.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custos.vault.AuditEvent.ReleaseStep.Step;
import org.junit.jupiter.api.Test;

/** The release gate's and the engine's events: what their constructors let into the outbox. */
class AuditEventTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ARTIFACT = AuditEventJsonTest.ARTIFACT;
    private static final String REL = AuditEventJsonTest.REL;
    private static final String SOURCE = AuditEventJsonTest.SOURCE;
    private static final String ENVELOPE = AuditEventJsonTest.ENVELOPE;
    private static final Principal CUSTODIAN = Principal.operator("cust-1");

    private static AuditEvent.ReleaseStep step(Step step, String reason, String statement) {
        return new AuditEvent.ReleaseStep(step, REL, ARTIFACT, SOURCE, CUSTODIAN, reason, "", statement, T);
    }

    @Test
    void releaseStep_eachStep_takesItsReasonAndOnlyApprovalsAStatement() {
        assertThat(step(Step.SUBMITTED, "", "").reason()).isEmpty();
        assertThat(step(Step.REVIEWED, "approve", "").reason()).isEqualTo("approve");
        assertThat(step(Step.REVIEWED, "reject", "").reason()).isEqualTo("reject");
        assertThat(step(Step.APPROVED, "", ENVELOPE).statement()).isEqualTo(ENVELOPE);
        assertThat(step(Step.REJECTED, "rebuild-mismatch", "").reason()).isEqualTo("rebuild-mismatch");
        assertThat(step(Step.REVOKED, "key.compromise", "").reason()).isEqualTo("key.compromise");

        assertThatThrownBy(() -> step(Step.REVIEWED, "maybe", "")).hasMessageContaining("verdict");
        assertThatThrownBy(() -> step(Step.REJECTED, "", "")).hasMessageContaining("reason code");
        assertThatThrownBy(() -> step(Step.SUBMITTED, "urgent", "")).hasMessageContaining("no reason");
        assertThatThrownBy(() -> step(Step.APPROVED, "", "")).hasMessageContaining("signed statement");
        assertThatThrownBy(() -> step(Step.REVOKED, "bad-key", ENVELOPE)).hasMessageContaining("only an approval");
    }

    @Test
    void releaseStep_freeTextWhereACodeBelongs_isRefusedWithoutEchoingIt() {
        String text = "Alice Smith thinks the ranking is unfair";
        assertThatThrownBy(() -> step(Step.REJECTED, text, "")).hasMessageContaining("code")
                .hasMessageNotContaining("Alice");
        assertThatThrownBy(() -> new AuditEvent.ReleaseStep(Step.SUBMITTED, REL, ARTIFACT, SOURCE, CUSTODIAN, "",
                text, "", T)).hasMessageContaining("commitment").hasMessageNotContaining("Alice");
    }

    @Test
    void releaseStep_idsAndDigestsOutOfShape_areRefused() {
        assertThatThrownBy(() -> new AuditEvent.ReleaseStep(Step.SUBMITTED, "v1.2", ARTIFACT, SOURCE, CUSTODIAN, "",
                "", "", T)).hasMessageContaining("rel-");
        assertThatThrownBy(() -> new AuditEvent.ReleaseStep(Step.SUBMITTED, REL, ARTIFACT.toUpperCase(), SOURCE,
                CUSTODIAN, "", "", "", T)).hasMessageContaining("artifactDigest");
        assertThatThrownBy(() -> new AuditEvent.ReleaseStep(Step.SUBMITTED, "rel-0123456789abcdef", ARTIFACT,
                SOURCE, CUSTODIAN, "", "", "", T)).hasMessageContaining("not the release of");
        assertThatThrownBy(() -> new AuditEvent.ReleaseStep(Step.SUBMITTED, REL, ARTIFACT, "sha256:ab", CUSTODIAN,
                "", "", "", T)).hasMessageContaining("sourceDigest");
        assertThatThrownBy(() -> new AuditEvent.ReleaseStep(Step.SUBMITTED, REL, ARTIFACT, SOURCE, null, "", "", "",
                T)).isInstanceOf(NullPointerException.class).hasMessageContaining("actor");
    }

    @Test
    void releaseStep_statement_isACompactDsseEnvelopeOfAtMost48KiB() {
        String padded = ENVELOPE.substring(0, ENVELOPE.length() - 1) + ",\"x\":\""
                + "p".repeat(AuditEvent.ReleaseStep.MAX_STATEMENT_BYTES - ENVELOPE.length() - 7) + "\"}";
        assertThat(padded.length()).isEqualTo(49_152);
        assertThat(step(Step.APPROVED, "", padded).statement()).hasSize(49_152);
        String over = padded.replace("\"x\":\"p", "\"x\":\"pp");
        assertThatThrownBy(() -> step(Step.APPROVED, "", over)).hasMessageContaining("49152");
        assertThatThrownBy(() -> step(Step.APPROVED, "", ENVELOPE.replace(",", ",\n")))
                .hasMessageContaining("compact JSON");
        assertThatThrownBy(() -> step(Step.APPROVED, "", "release notes: all good"))
                .hasMessageContaining("DSSE");
        assertThatThrownBy(() -> step(Step.APPROVED, "", "{\"payloadType\":\"t\",\"payload\":\"\",\"signatures\":[]}"))
                .hasMessageContaining("at least one signature");
        assertThatThrownBy(() -> step(Step.APPROVED, "", ENVELOPE + " {}")).hasMessageContaining("DSSE");
    }

    @Test
    void engineEvent_countsAndReasons() {
        assertThat(new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.UNCONFINED, "", "", "", "", 1, T).count())
                .isEqualTo(1);
        assertThat(new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.REFUSED, "", ARTIFACT, "",
                "not-approved", 1, T).releaseId()).isEmpty();
        assertThatThrownBy(() -> new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.INCIDENT, REL, ARTIFACT, "",
                "hang", 0, T)).hasMessageContaining("count");
        assertThatThrownBy(() -> new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.INCIDENT, REL, ARTIFACT, "",
                "", 2, T)).hasMessageContaining("reason code");
        assertThatThrownBy(() -> new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.SWAPPED, REL, ARTIFACT,
                "the old one", "", 1, T)).hasMessageContaining("previousRelease");
        assertThatThrownBy(() -> new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.STARTED, REL, "sha1:00", "",
                "", 1, T)).hasMessageContaining("artifactDigest");
    }

    @Test
    void modelLineage_windowAndCounts() {
        assertThat(new AuditEvent.ModelLineage(REL, ARTIFACT, T, T, 0, 0, SOURCE, 0, SOURCE, T).events()).isZero();
        assertThatThrownBy(() -> new AuditEvent.ModelLineage(REL, ARTIFACT, T, T.minusNanos(1), 1, 1, SOURCE, 0,
                SOURCE, T)).hasMessageContaining("before its first");
        assertThatThrownBy(() -> new AuditEvent.ModelLineage(REL, ARTIFACT, T, T, 1, 2, SOURCE, 0, SOURCE, T))
                .hasMessageContaining("positives");
        assertThatThrownBy(() -> new AuditEvent.ModelLineage(REL, ARTIFACT, T, T, -1, 0, SOURCE, 0, SOURCE, T))
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> new AuditEvent.ModelLineage(REL, ARTIFACT, T, T, 1, 0, SOURCE, -1, SOURCE, T))
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> new AuditEvent.ModelLineage(REL, ARTIFACT, T, T, 1, 0, "", 0, SOURCE, T))
                .hasMessageContaining("dataDigest");
    }

    @Test
    void buildMeasured_componentsSortedByFileName() {
        String a = "a.jar@" + SOURCE;
        String ab = "a-b.jar@" + SOURCE;
        // Sorted by the file name, not the whole string: "a-b.jar" sorts before "a.jar" ('-' < '.').
        assertThat(new AuditEvent.BuildMeasured(ARTIFACT, "25.0.1+8-LTS", List.of(ab, a), T).components())
                .containsExactly(ab, a);
        assertThatThrownBy(() -> new AuditEvent.BuildMeasured(ARTIFACT, "25", List.of(a, ab), T))
                .hasMessageContaining("sorted");
        assertThatThrownBy(() -> new AuditEvent.BuildMeasured(ARTIFACT, "25", List.of(a, a), T))
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> new AuditEvent.BuildMeasured(ARTIFACT, "25", List.of("lib/a.jar@" + SOURCE), T))
                .hasMessageContaining("file name");
        assertThatThrownBy(() -> new AuditEvent.BuildMeasured(ARTIFACT, "25", List.of(), T))
                .hasMessageContaining("1 to 256");
        assertThatThrownBy(() -> new AuditEvent.BuildMeasured(ARTIFACT, "25\n", List.of(a), T))
                .hasMessageContaining("runtime");
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= AuditEvent.BuildMeasured.MAX_COMPONENTS; i++) {
            many.add(String.format("j%03d.jar@", i) + SOURCE);
        }
        assertThatThrownBy(() -> new AuditEvent.BuildMeasured(ARTIFACT, "25", many, T))
                .hasMessageContaining("got 257");
        List<String> copy = new ArrayList<>(List.of(a));
        AuditEvent.BuildMeasured build = new AuditEvent.BuildMeasured(ARTIFACT, "25", copy, T);
        copy.add(ab);
        assertThat(build.components()).containsExactly(a);
    }
}

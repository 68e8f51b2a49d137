package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.entry.Pseudonym;
import org.custos.vault.AuditEvent;
import org.custos.vault.Column;
import org.custos.vault.OutboxEntry;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.junit.jupiter.api.Test;

/** Every vault event kind becomes the format 2 entry with all its fields and its outbox position. */
class AuditEntriesTest {
    private static final Instant AT = Instant.parse("2026-11-23T08:00:00.123456Z");
    private static final String PSN = "ps1:9f2c4e0b7d1a3856c0ffee0123456789";
    private static final Column EMAIL = Column.of("app_users.email");
    private static final Purpose SUPPORT = new Purpose("support.debug-account");

    private static AuditEntry.Relayed relay(long position, AuditEvent event) {
        return AuditEntries.of(new OutboxEntry(position, event, "{}"));
    }

    @Test
    void of_everyKind_keepsEveryFieldAndThePosition() throws Exception {
        List<AuditEvent> events = List.of(
                new AuditEvent.ProtectedRead(Principal.operator("op-7"), SUPPORT, List.of(EMAIL), List.of(PSN), 2,
                        "grant-1", AT),
                new AuditEvent.ServiceReads(Principal.service("recommender"), new Purpose("feed.for-you"),
                        List.of(EMAIL), 3, 9, AT.minusSeconds(10), AT),
                new AuditEvent.Flow("aggregate-metrics", "owner-analytics", "v3", "fields=dau;after=7", 100, 7, "0.5",
                        "sha256:ab", AuditEvent.Decision.ALLOWED, "", AT),
                new AuditEvent.AccessStep(AuditEvent.AccessStep.Step.GRANTED, "req-1", Principal.service("lockbox"),
                        SUPPORT, List.of(EMAIL), List.of(PSN), AT),
                new AuditEvent.PolicyChange("egress", "v4", "sha256:cd", true, Principal.operator("op-1"), AT),
                new AuditEvent.KeyEvent(AuditEvent.KeyEvent.Kind.SHREDDED, "dek:" + PSN, PSN, AT));
        List<AuditEntry.Relayed> entries = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            AuditEntry.Relayed entry = relay(i + 1, events.get(i));
            assertThat(entry.eventId()).isEqualTo(i + 1);
            assertThat(entry.time()).isEqualTo(Instant.parse("2026-11-23T08:00:00.123Z"));
            assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(entry))).isEqualTo(entry);
            entries.add(entry);
        }
        Pseudonym subject = new Pseudonym(PSN);
        assertThat(entries.get(0)).isEqualTo(new AuditEntry.ProtectedRead(1, AT, "operator:op-7",
                "support.debug-account", List.of("app_users.email"), List.of(subject), 2, "grant-1"));
        assertThat(entries.get(1)).isEqualTo(new AuditEntry.ServiceReads(2, AT, "service:recommender",
                "feed.for-you", List.of("app_users.email"), 3, 9, AT.minusSeconds(10)));
        assertThat(entries.get(2)).isEqualTo(new AuditEntry.EgressFlow(3, AT, "aggregate-metrics", "owner-analytics",
                "v3", "fields=dau;after=7", 100, 7, "0.5", "sha256:ab", AuditEntry.Decision.ALLOWED, ""));
        assertThat(entries.get(3)).isEqualTo(new AuditEntry.AccessStep(4, AT, AuditEntry.AccessStep.Step.GRANTED,
                "req-1", "service:lockbox", "support.debug-account", List.of("app_users.email"), List.of(subject)));
        assertThat(entries.get(4)).isEqualTo(new AuditEntry.PolicyChange(5, AT, "egress", "v4", "sha256:cd",
                AuditEntry.PolicyAction.RETIRED, "operator:op-1"));
        assertThat(entries.get(5)).isEqualTo(new AuditEntry.KeyEvent(6, AT, AuditEntry.KeyChange.SHREDDED,
                "dek:" + PSN, List.of(subject)));
        assertThat(entries).filteredOn(AuditEntries::isAccessToSubject).extracting(AuditEntry.Relayed::eventId)
                .containsExactly(1L, 4L);
    }

    private static final String ARTIFACT = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String REL = "rel-9f86d081884c7d65";
    private static final String SOURCE = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String ENVELOPE = "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\","
            + "\"signatures\":[{\"keyid\":\"\",\"sig\":\"AA==\"}]}";

    @Test
    void of_releaseEngineLineageAndBuild_keepEveryFieldAndNameNoSubject() throws Exception {
        Instant first = Instant.parse("2026-11-22T08:00:00.000999Z");
        List<AuditEvent> events = List.of(
                new AuditEvent.ReleaseStep(AuditEvent.ReleaseStep.Step.APPROVED, REL, ARTIFACT, SOURCE,
                        Principal.operator("cust-1"), "", SOURCE, ENVELOPE, AT),
                new AuditEvent.ReleaseStep(AuditEvent.ReleaseStep.Step.REVIEWED, REL, ARTIFACT, SOURCE,
                        new Principal(Principal.Kind.USER, PSN), "reject", ARTIFACT, "", AT),
                new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.SWAPPED, REL, ARTIFACT,
                        "rel-2c26b46b68ffc68f", "", 1, AT),
                new AuditEvent.ModelLineage(REL, ARTIFACT, first, AT, 120_000, 31_000, SOURCE, 184_467, ARTIFACT, AT),
                new AuditEvent.BuildMeasured(SOURCE, "25.0.1+8-LTS",
                        List.of("custos-server-0.1.0.jar@" + ARTIFACT, "lucene-core-10.3.1.jar@" + SOURCE), AT));
        List<AuditEntry.Relayed> entries = new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            AuditEntry.Relayed entry = relay(i + 11, events.get(i));
            assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(entry))).isEqualTo(entry);
            assertThat(entry.namedSubjects()).isEmpty();
            assertThat(AuditEntries.isAccessToSubject(entry)).isFalse();
            entries.add(entry);
        }
        assertThat(entries.get(0)).isEqualTo(new AuditEntry.ReleaseStep(11, AT, AuditEntry.ReleaseStep.Step.APPROVED,
                REL, ARTIFACT, SOURCE, "operator:cust-1", "", SOURCE, ENVELOPE));
        assertThat(entries.get(1)).isEqualTo(new AuditEntry.ReleaseStep(12, AT, AuditEntry.ReleaseStep.Step.REVIEWED,
                REL, ARTIFACT, SOURCE, "user:" + PSN, "reject", ARTIFACT, ""));
        assertThat(entries.get(2)).isEqualTo(new AuditEntry.EngineEvent(13, AT, AuditEntry.EngineEvent.Kind.SWAPPED,
                REL, ARTIFACT, "rel-2c26b46b68ffc68f", "", 1));
        assertThat(entries.get(3)).isEqualTo(new AuditEntry.ModelLineage(14, AT, REL, ARTIFACT,
                Instant.parse("2026-11-22T08:00:00Z"), Instant.parse("2026-11-23T08:00:00.123Z"), 120_000, 31_000,
                SOURCE, 184_467, ARTIFACT));
        assertThat(entries.get(4)).isEqualTo(new AuditEntry.BuildMeasured(15, AT, SOURCE, "25.0.1+8-LTS",
                List.of("custos-server-0.1.0.jar@" + ARTIFACT, "lucene-core-10.3.1.jar@" + SOURCE)));
    }

    @Test
    void of_everyKindOfEngineEventAndReleaseStep_hasAnEntry() {
        // The two modules spell the enumerations separately; a constant only one of them knows would stop the relay.
        for (AuditEvent.EngineEvent.Kind kind : AuditEvent.EngineEvent.Kind.values()) {
            AuditEntry.Relayed entry = relay(1, new AuditEvent.EngineEvent(kind, "", "", "", "reason", 1, AT));
            assertThat(((AuditEntry.EngineEvent) entry).kind().name()).isEqualTo(kind.name());
        }
        for (AuditEvent.ReleaseStep.Step step : AuditEvent.ReleaseStep.Step.values()) {
            String reason = switch (step) {
                case REVIEWED -> "approve";
                case REJECTED, REVOKED -> "bad";
                case SUBMITTED, APPROVED -> "";
            };
            AuditEntry.Relayed entry = relay(1, new AuditEvent.ReleaseStep(step, REL, ARTIFACT, SOURCE,
                    Principal.operator("cust-1"), reason, "", step == AuditEvent.ReleaseStep.Step.APPROVED
                    ? ENVELOPE : "", AT));
            assertThat(((AuditEntry.ReleaseStep) entry).step().name()).isEqualTo(step.name());
        }
        assertThat(AuditEntry.EngineEvent.Kind.values()).hasSameSizeAs(AuditEvent.EngineEvent.Kind.values());
        assertThat(AuditEntry.ReleaseStep.Step.values()).hasSameSizeAs(AuditEvent.ReleaseStep.Step.values());
    }

    @Test
    void encode_largestEventsTheVaultAccepts_fitTheLog() {
        // What the vault takes, the relay must be able to write: the largest statement and the most components.
        String statement = ENVELOPE.substring(0, ENVELOPE.length() - 1) + ",\"x\":\""
                + "p".repeat(AuditEvent.ReleaseStep.MAX_STATEMENT_BYTES - ENVELOPE.length() - 7) + "\"}";
        AuditEvent approval = new AuditEvent.ReleaseStep(AuditEvent.ReleaseStep.Step.APPROVED, REL, ARTIFACT, SOURCE,
                Principal.operator("o".repeat(128)), "", SOURCE, statement, AT);
        assertThat(AuditEntries.encode(new OutboxEntry(Long.MAX_VALUE, approval, "{}")).length).isLessThan(65_535);
        List<String> components = new java.util.ArrayList<>();
        for (int i = 0; i < AuditEvent.BuildMeasured.MAX_COMPONENTS; i++) {
            components.add(String.format("%03d", i) + "j".repeat(125) + "@" + SOURCE);
        }
        AuditEvent build = new AuditEvent.BuildMeasured(SOURCE, "r".repeat(128), components, AT);
        assertThat(AuditEntries.encode(new OutboxEntry(Long.MAX_VALUE, build, "{}")).length).isLessThan(65_535);
    }

    @Test
    void of_subjectThatIsNotAPseudonym_isRefusedNotSkipped() {
        AuditEvent raw = new AuditEvent.ProtectedRead(Principal.operator("op-7"), SUPPORT, List.of(EMAIL),
                List.of("alice@example.org"), 1, "", AT);
        assertThatThrownBy(() -> relay(9, raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("alice");
        AuditEvent byUserId = new AuditEvent.ProtectedRead(new Principal(Principal.Kind.USER, "42"), SUPPORT,
                List.of(EMAIL), List.of(PSN), 1, "", AT);
        assertThatThrownBy(() -> relay(9, byUserId)).hasMessageContaining("account id");
    }
}

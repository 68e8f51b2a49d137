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
                new AuditEvent.Flow("aggregate-metrics", "owner-analytics", "v3", "dau by region", 100, 7, "0.5",
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
                "v3", "dau by region", 100, 7, "0.5", "sha256:ab", AuditEntry.Decision.ALLOWED, ""));
        assertThat(entries.get(3)).isEqualTo(new AuditEntry.AccessStep(4, AT, AuditEntry.AccessStep.Step.GRANTED,
                "req-1", "service:lockbox", "support.debug-account", List.of("app_users.email"), List.of(subject)));
        assertThat(entries.get(4)).isEqualTo(new AuditEntry.PolicyChange(5, AT, "egress", "v4", "sha256:cd",
                AuditEntry.PolicyAction.RETIRED, "operator:op-1"));
        assertThat(entries.get(5)).isEqualTo(new AuditEntry.KeyEvent(6, AT, AuditEntry.KeyChange.SHREDDED,
                "dek:" + PSN, List.of(subject)));
        assertThat(entries).filteredOn(AuditEntries::isAccessToSubject).extracting(AuditEntry.Relayed::eventId)
                .containsExactly(1L, 4L);
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

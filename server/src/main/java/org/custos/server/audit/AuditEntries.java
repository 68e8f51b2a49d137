package org.custos.server.audit;

import java.util.List;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.entry.Pseudonym;
import org.custos.vault.AuditEvent;
import org.custos.vault.Column;
import org.custos.vault.OutboxEntry;

/**
 * The vault's audit events as format 2 log entries (docs/log-entries.md). The mapping is a function of the outbox
 * entry, so re-relaying an event yields the very same bytes; the log module knows nothing of the vault, which is
 * why the translation lives here.
 */
final class AuditEntries {

    private AuditEntries() {}

    /**
     * The log entry for {@code outboxEntry}.
     *
     * @throws IllegalArgumentException if the event cannot be an entry (for example a subject that is not a
     *     pseudonym): the relay stops there rather than skip it
     */
    static AuditEntry.Relayed of(OutboxEntry outboxEntry) {
        long id = outboxEntry.position();
        return switch (outboxEntry.event()) {
            case AuditEvent.ProtectedRead r -> new AuditEntry.ProtectedRead(id, r.at(), r.principal().toString(),
                    r.purpose().name(), columns(r.columns()), pseudonyms(r.subjectPseudonyms()), r.count(), r.grant());
            case AuditEvent.ServiceReads r -> new AuditEntry.ServiceReads(id, r.at(), r.principal().toString(),
                    r.purpose().name(), columns(r.columns()), r.subjects(), r.count(), r.windowStart());
            case AuditEvent.Flow f -> new AuditEntry.EgressFlow(id, f.at(), f.flowId(), f.recipient(),
                    f.policyVersion(), f.query(), f.rowsRead(), f.rowsDelivered(), f.epsilonSpent(),
                    f.payloadDigest(), AuditEntry.Decision.valueOf(f.decision().name()), f.reason());
            case AuditEvent.AccessStep s -> new AuditEntry.AccessStep(id, s.at(),
                    AuditEntry.AccessStep.Step.valueOf(s.step().name()), s.requestId(), s.actor().toString(),
                    s.purpose().name(), columns(s.columns()), pseudonyms(s.subjectPseudonyms()));
            case AuditEvent.PolicyChange p -> new AuditEntry.PolicyChange(id, p.at(), p.policyId(), p.version(),
                    p.digest(), p.retired() ? AuditEntry.PolicyAction.RETIRED : AuditEntry.PolicyAction.PUBLISHED,
                    p.author().toString());
            case AuditEvent.KeyEvent k -> new AuditEntry.KeyEvent(id, k.at(),
                    AuditEntry.KeyChange.valueOf(k.kind().name()), k.keyId(),
                    k.subject().map(s -> List.of(new Pseudonym(s))).orElse(List.of()));
            case AuditEvent.ReleaseStep r -> new AuditEntry.ReleaseStep(id, r.at(),
                    AuditEntry.ReleaseStep.Step.valueOf(r.step().name()), r.releaseId(), r.artifactDigest(),
                    r.sourceDigest(), r.actor().toString(), r.reason(), r.commitment(), r.statement());
            case AuditEvent.EngineEvent e -> new AuditEntry.EngineEvent(id, e.at(),
                    AuditEntry.EngineEvent.Kind.valueOf(e.kind().name()), e.releaseId(), e.artifactDigest(),
                    e.previousRelease(), e.reason(), e.count());
            case AuditEvent.ModelLineage l -> new AuditEntry.ModelLineage(id, l.at(), l.releaseId(),
                    l.artifactDigest(), l.firstEvent(), l.lastEvent(), l.events(), l.positives(), l.dataDigest(),
                    l.position(), l.snapshotDigest());
            case AuditEvent.BuildMeasured b -> new AuditEntry.BuildMeasured(id, b.at(), b.serverDigest(),
                    b.runtime(), b.components());
        };
    }

    static byte[] encode(OutboxEntry outboxEntry) {
        return AuditEntryCodec.encode(of(outboxEntry));
    }

    /** True for the kinds a subject's access log lists: reads of their data and steps of access requests. */
    static boolean isAccessToSubject(AuditEntry.Relayed entry) {
        return entry instanceof AuditEntry.ProtectedRead || entry instanceof AuditEntry.AccessStep;
    }

    private static List<String> columns(List<Column> columns) {
        return columns.stream().map(Column::toString).toList();
    }

    private static List<Pseudonym> pseudonyms(List<String> values) {
        return values.stream().map(Pseudonym::new).toList();
    }
}

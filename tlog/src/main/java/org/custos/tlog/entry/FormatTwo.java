package org.custos.tlog.entry;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * Format 2: the vault's audit events (docs/log-entries.md, "Kinds (format version 2)").
 *
 * <pre>
 * entry = version:u8 (=2) kind:u8 time:i64 (epoch ms) event:i64 (outbox position) field*
 * field = text | list ; text = length:u16 utf8 ; list = count:u16 text*
 * </pre>
 *
 * A text holds at most 4,096 bytes, except a release's statement (the signed DSSE envelope), which may hold
 * 49,152; every entry stays within the log's 65,535 bytes.
 */
final class FormatTwo {
    static final int PROTECTED_READ = 1;
    static final int SERVICE_READS = 2;
    static final int FLOW = 3;
    static final int ACCESS_STEP = 4;
    static final int POLICY = 5;
    static final int KEY = 6;
    static final int RELEASE = 7;
    static final int ENGINE = 8;
    static final int LINEAGE = 9;
    static final int BUILD = 10;

    private FormatTwo() {}

    static byte[] encode(AuditEntry.Relayed entry) {
        FieldWriter w = FieldWriter.version2(kind(entry), entry.time(), entry.eventId());
        switch (entry) {
            case AuditEntry.ProtectedRead r -> w.text(r.principal()).text(r.purpose()).list(r.columns())
                    .list(values(r.subjects())).number(r.count()).text(r.grant());
            case AuditEntry.ServiceReads r -> w.text(r.principal()).text(r.purpose()).list(r.columns())
                    .number(r.subjects()).number(r.count()).number(r.windowStart().toEpochMilli());
            case AuditEntry.EgressFlow f -> w.text(f.flowId()).text(f.recipient()).text(f.policyVersion())
                    .text(f.query()).number(f.rowsRead()).number(f.rowsDelivered()).text(f.epsilonSpent())
                    .text(f.payloadDigest()).name(f.decision()).text(f.reason());
            case AuditEntry.AccessStep s -> w.name(s.step()).text(s.requestId()).text(s.actor()).text(s.purpose())
                    .list(s.columns()).list(values(s.subjects()));
            case AuditEntry.PolicyChange p -> w.text(p.policyId()).text(p.version()).text(p.digest())
                    .name(p.action()).text(p.author());
            case AuditEntry.KeyEvent k -> w.name(k.change()).text(k.keyId()).list(values(k.subjects()));
            case AuditEntry.ReleaseStep r -> w.name(r.step()).text(r.releaseId()).text(r.artifactDigest())
                    .text(r.sourceDigest()).text(r.actor()).text(r.reason()).text(r.commitment())
                    .longText(r.statement(), AuditEntry.ReleaseStep.MAX_STATEMENT_BYTES);
            case AuditEntry.EngineEvent e -> w.name(e.kind()).text(e.releaseId()).text(e.artifactDigest())
                    .text(e.previousRelease()).text(e.reason()).number(e.count());
            case AuditEntry.ModelLineage l -> w.text(l.releaseId()).text(l.artifactDigest())
                    .number(l.firstEvent().toEpochMilli()).number(l.lastEvent().toEpochMilli()).number(l.events())
                    .number(l.positives()).text(l.dataDigest()).number(l.position()).text(l.snapshotDigest());
            case AuditEntry.BuildMeasured b -> w.text(b.serverDigest()).text(b.runtime()).list(b.components());
        }
        return w.bytes();
    }

    static AuditEntry.Relayed decode(int kind, Instant time, ByteBuffer in) throws MalformedEntryException {
        long eventId = in.getLong();
        FieldReader r = new FieldReader(in);
        return switch (kind) {
            case PROTECTED_READ -> new AuditEntry.ProtectedRead(eventId, time, r.text(), r.text(), r.list(),
                    r.pseudonyms(), r.number(), r.text());
            case SERVICE_READS -> new AuditEntry.ServiceReads(eventId, time, r.text(), r.text(), r.list(), r.number(),
                    r.number(), r.millis());
            case FLOW -> new AuditEntry.EgressFlow(eventId, time, r.text(), r.text(), r.text(), r.text(), r.number(),
                    r.number(), r.text(), r.text(), r.name(AuditEntry.Decision.class), r.text());
            case ACCESS_STEP -> new AuditEntry.AccessStep(eventId, time, r.name(AuditEntry.AccessStep.Step.class),
                    r.text(), r.text(), r.text(), r.list(), r.pseudonyms());
            case POLICY -> new AuditEntry.PolicyChange(eventId, time, r.text(), r.text(), r.text(),
                    r.name(AuditEntry.PolicyAction.class), r.text());
            case KEY -> new AuditEntry.KeyEvent(eventId, time, r.name(AuditEntry.KeyChange.class), r.text(),
                    r.pseudonyms());
            case RELEASE -> new AuditEntry.ReleaseStep(eventId, time, r.name(AuditEntry.ReleaseStep.Step.class),
                    r.text(), r.text(), r.text(), r.text(), r.text(), r.text(), r.text());
            case ENGINE -> new AuditEntry.EngineEvent(eventId, time, r.name(AuditEntry.EngineEvent.Kind.class),
                    r.text(), r.text(), r.text(), r.text(), r.number());
            case LINEAGE -> new AuditEntry.ModelLineage(eventId, time, r.text(), r.text(), r.millis(), r.millis(),
                    r.number(), r.number(), r.text(), r.number(), r.text());
            case BUILD -> new AuditEntry.BuildMeasured(eventId, time, r.text(), r.text(), r.list());
            default -> throw new MalformedEntryException("unknown format 2 entry kind " + kind);
        };
    }

    private static int kind(AuditEntry.Relayed entry) {
        return switch (entry) {
            case AuditEntry.ProtectedRead r -> PROTECTED_READ;
            case AuditEntry.ServiceReads r -> SERVICE_READS;
            case AuditEntry.EgressFlow f -> FLOW;
            case AuditEntry.AccessStep s -> ACCESS_STEP;
            case AuditEntry.PolicyChange p -> POLICY;
            case AuditEntry.KeyEvent k -> KEY;
            case AuditEntry.ReleaseStep r -> RELEASE;
            case AuditEntry.EngineEvent e -> ENGINE;
            case AuditEntry.ModelLineage l -> LINEAGE;
            case AuditEntry.BuildMeasured b -> BUILD;
        };
    }

    private static List<String> values(List<Pseudonym> pseudonyms) {
        return pseudonyms.stream().map(Pseudonym::value).toList();
    }
}

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
 */
final class FormatTwo {
    static final int PROTECTED_READ = 1;
    static final int SERVICE_READS = 2;
    static final int FLOW = 3;
    static final int ACCESS_STEP = 4;
    static final int POLICY = 5;
    static final int KEY = 6;

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
        };
    }

    private static List<String> values(List<Pseudonym> pseudonyms) {
        return pseudonyms.stream().map(Pseudonym::value).toList();
    }
}

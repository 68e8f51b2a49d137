package org.custos.release;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.entry.Pseudonym;
import org.custos.vault.AuditEvent;
import org.custos.vault.Column;
import org.custos.vault.OutboxEntry;
import org.custos.vault.Vault;

/**
 * Carries the vault's audit outbox into a real transparency log, as the server's audit relay does (the same
 * mapping to format 2 entries), on a background thread. A filter lets a test keep chosen events out of the log, to
 * make a release that is approved in the database but never logged.
 */
final class TestRelay implements AutoCloseable {
    private final Vault vault;
    private final TransparencyLog log;
    private final Thread thread;
    private volatile Predicate<AuditEvent> keep = e -> true;
    private volatile boolean running = true;
    private volatile long position;

    TestRelay(Vault vault, TransparencyLog log) {
        this.vault = vault;
        this.log = log;
        this.thread = Thread.ofVirtual().name("test-relay").start(this::loop);
    }

    void keepOnly(Predicate<AuditEvent> filter) {
        this.keep = filter;
    }

    /** Waits until every outbox event so far is in a published checkpoint. */
    void drain() throws Exception {
        long target = vault.outbox().latestPosition();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (position < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the relay did not reach position " + target);
            }
            Thread.sleep(20);
        }
        long size = log.health().sequenced();
        if (size > 0) {
            log.awaitCheckpoint(size - 1, java.time.Duration.ofSeconds(20));
        }
    }

    private void loop() {
        while (running) {
            try {
                List<OutboxEntry> page = vault.outbox().after(position, 512);
                List<byte[]> entries = new ArrayList<>();
                for (OutboxEntry entry : page) {
                    if (keep.test(entry.event())) {
                        entries.add(AuditEntryCodec.encode(of(entry)));
                    }
                }
                if (!entries.isEmpty()) {
                    log.appendAll(entries);
                }
                if (!page.isEmpty()) {
                    position = page.getLast().position();
                } else {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (running) {
                    e.printStackTrace();
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

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

    private static List<String> columns(List<Column> columns) {
        return columns.stream().map(Column::toString).toList();
    }

    private static List<Pseudonym> pseudonyms(List<String> values) {
        return values.stream().map(Pseudonym::new).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}

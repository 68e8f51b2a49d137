package org.custos.release;

import java.time.Instant;
import java.util.Optional;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.entry.MalformedEntryException;

/**
 * A {@code release} entry of the transparency log (format 2, kind 7), decoded from its bytes with the log's own
 * codec (docs/log-entries.md): the gate reads the log like an outsider. Entries of other kinds, and bytes that are
 * not a canonical entry, are not release entries.
 */
record LoggedRelease(AuditEntry.ReleaseStep entry) {

    static Optional<LoggedRelease> decode(byte[] bytes) {
        try {
            return AuditEntryCodec.decode(bytes) instanceof AuditEntry.ReleaseStep step
                    ? Optional.of(new LoggedRelease(step)) : Optional.empty();
        } catch (MalformedEntryException e) {
            return Optional.empty();
        }
    }

    boolean isApproval() {
        return entry.step() == AuditEntry.ReleaseStep.Step.APPROVED;
    }

    boolean isRevocation() {
        return entry.step() == AuditEntry.ReleaseStep.Step.REVOKED;
    }

    String releaseId() {
        return entry.releaseId();
    }

    String artifactDigest() {
        return entry.artifactDigest();
    }

    String actor() {
        return entry.actor();
    }

    String reason() {
        return entry.reason();
    }

    String statement() {
        return entry.statement();
    }

    Instant time() {
        return entry.time();
    }
}

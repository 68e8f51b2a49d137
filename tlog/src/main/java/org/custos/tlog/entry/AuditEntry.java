package org.custos.tlog.entry;

import java.time.Instant;

/**
 * The audit records of the data boundary, one per log entry. Every field is an identifier, a pseudonym, a label or
 * a digest: entries never carry personal data. The canonical bytes are specified in docs/log-entries.md and
 * produced by {@link AuditEntryCodec}.
 */
public sealed interface AuditEntry {

    /** When the boundary made the decision, to the millisecond. */
    Instant time();

    /** Whether the boundary let something happen. */
    enum Decision { ALLOWED, DENIED }

    /** A protected field was read (or a read was refused). */
    record Access(Instant time, String actor, Pseudonym subject, String dataClass, String purpose, Decision decision,
            String grantId) implements AuditEntry {}

    /** Data crossed (or was stopped at) the boundary towards a destination. */
    record Flow(Instant time, String flowId, String destination, String dataClass, long recordCount,
            Decision decision) implements AuditEntry {
        public Flow {
            if (recordCount < 0) {
                throw new IllegalArgumentException("record count must not be negative");
            }
        }
    }

    /** Someone asked for access to a subject's data; the request is logged before any decision. */
    record AccessRequest(Instant time, String requestId, String requester, Pseudonym subject, String dataClass,
            String purpose) implements AuditEntry {}

    /** A policy version was published or retired; {@code digest} identifies its exact text. */
    record Policy(Instant time, String policyId, String version, PolicyAction action, String digest)
            implements AuditEntry {}

    enum PolicyAction { PUBLISHED, RETIRED }

    /** A key's life-cycle event. */
    record Key(Instant time, String keyId, KeyAction action, String purpose) implements AuditEntry {}

    enum KeyAction { CREATED, ROTATED, DISABLED, DESTROYED }

    /** A software release was approved for the boundary; {@code artifactDigest} names the exact artefact. */
    record Release(Instant time, String releaseId, String artifactDigest, String approver) implements AuditEntry {}
}

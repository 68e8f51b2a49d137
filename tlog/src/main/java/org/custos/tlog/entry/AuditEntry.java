package org.custos.tlog.entry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The audit records of the data boundary, one per log entry. Every field is an identifier, a pseudonym, a label or
 * a digest: entries never carry personal data. The canonical bytes are specified in docs/log-entries.md and
 * produced by {@link AuditEntryCodec}.
 *
 * <p>Format 1 kinds ({@link Access} to {@link Release}) stay readable; the boundary writes the format 2 kinds, the
 * {@link Relayed} entries, one per event of the vault's audit outbox.
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

    /**
     * A format 2 entry: one event of the vault's audit outbox, carrying its outbox position as {@link #eventId()}.
     * Positions are gap-free and increase along the log, so the log's own tail says which event was relayed last,
     * and appending is idempotent by event id.
     */
    sealed interface Relayed extends AuditEntry {
        /** The event's position in the vault's audit outbox, from 1. */
        long eventId();

        /** The subjects this entry names by pseudonym, in order; empty for kinds that name none. */
        default List<Pseudonym> namedSubjects() {
            return switch (this) {
                case ProtectedRead read -> read.subjects();
                case AccessStep step -> step.subjects();
                case KeyEvent key -> key.subjects();
                case ServiceReads reads -> List.of();
                case EgressFlow flow -> List.of();
                case PolicyChange policy -> List.of();
            };
        }
    }

    /**
     * Someone other than the data's subject read protected values.
     *
     * @param principal {@code operator:<id>}, {@code service:<name>} or {@code user:<pseudonym>}
     * @param columns {@code table.column}, at least one
     * @param subjects whose values, at least one
     * @param count how many values were read
     * @param grant the access grant the read was made under, empty when none
     */
    record ProtectedRead(long eventId, Instant time, String principal, String purpose, List<String> columns,
            List<Pseudonym> subjects, long count, String grant) implements Relayed {
        public ProtectedRead {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            EntryFields.principal(principal);
            EntryFields.purpose(purpose);
            columns = EntryFields.columns(columns, false);
            subjects = EntryFields.subjects(subjects);
            Objects.requireNonNull(grant, "grant (empty when none)");
            if (subjects.isEmpty() || count < 1) {
                throw new IllegalArgumentException("a protected read names a subject and at least one value");
            }
        }
    }

    /**
     * Reads by an automated service, summed over a window: {@code subjects} distinct subjects, {@code count} values,
     * from {@code windowStart} to {@link #time()}.
     */
    record ServiceReads(long eventId, Instant time, String principal, String purpose, List<String> columns,
            long subjects, long count, Instant windowStart) implements Relayed {
        public ServiceReads {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            windowStart = windowStart.truncatedTo(ChronoUnit.MILLIS);
            EntryFields.principal(principal);
            EntryFields.purpose(purpose);
            columns = EntryFields.columns(columns, false);
            if (subjects < 1 || count < subjects) {
                throw new IllegalArgumentException("service reads count at least one subject and value each");
            }
        }
    }

    /**
     * Data crossed, or was stopped at, the boundary through the egress gateway.
     *
     * @param epsilonSpent the differential-privacy budget spent, a decimal ("0" when none)
     * @param payloadDigest {@code sha256:<hex>} of what was delivered, empty when denied
     * @param reason why it was denied, empty when allowed
     */
    record EgressFlow(long eventId, Instant time, String flowId, String recipient, String policyVersion, String query,
            long rowsRead, long rowsDelivered, String epsilonSpent, String payloadDigest, Decision decision,
            String reason) implements Relayed {
        public EgressFlow {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            EntryFields.label("flow id", flowId);
            EntryFields.label("recipient", recipient);
            Objects.requireNonNull(policyVersion, "policyVersion");
            Objects.requireNonNull(query, "query");
            EntryFields.count("rows read", rowsRead);
            EntryFields.count("rows delivered", rowsDelivered);
            EntryFields.label("epsilon spent", epsilonSpent);
            Objects.requireNonNull(payloadDigest, "payloadDigest");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A step in the life of an access request to protected data (the custodian's lockbox). */
    record AccessStep(long eventId, Instant time, Step step, String requestId, String actor, String purpose,
            List<String> columns, List<Pseudonym> subjects) implements Relayed {
        public enum Step { REQUESTED, APPROVED, DENIED, GRANTED, REVOKED, EXPIRED, REFUSED }

        public AccessStep {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            Objects.requireNonNull(step, "step");
            EntryFields.label("request id", requestId);
            EntryFields.principal(actor);
            EntryFields.purpose(purpose);
            columns = EntryFields.columns(columns, true);
            subjects = EntryFields.subjects(subjects);
        }
    }

    /** A policy set was published or retired; {@code digest} is {@code sha256:<hex>} of its exact text. */
    record PolicyChange(long eventId, Instant time, String policyId, String version, String digest,
            PolicyAction action, String author) implements Relayed {
        public PolicyChange {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            EntryFields.label("policy id", policyId);
            EntryFields.label("version", version);
            EntryFields.label("digest", digest);
            Objects.requireNonNull(action, "action");
            EntryFields.principal(author);
        }
    }

    /**
     * A key's life: a subject's data key created or shredded ({@code dek:<pseudonym>}, naming the subject), or the
     * key-encryption key rotated or a retired version destroyed ({@code kek:<version>}, naming no subject).
     *
     * @param subjects the data key's subject, or empty for the KEK
     */
    record KeyEvent(long eventId, Instant time, KeyChange change, String keyId, List<Pseudonym> subjects)
            implements Relayed {
        public KeyEvent {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            Objects.requireNonNull(change, "change");
            EntryFields.label("key id", keyId);
            subjects = EntryFields.subjects(subjects);
            if (subjects.size() > 1) {
                throw new IllegalArgumentException("a key event names at most one subject");
            }
        }
    }

    enum KeyChange { CREATED, ROTATED, SHREDDED }
}

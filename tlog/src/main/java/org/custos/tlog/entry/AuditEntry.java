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
                case ReleaseStep release -> List.of();
                case EngineEvent engine -> List.of();
                case ModelLineage lineage -> List.of();
                case BuildMeasured build -> List.of();
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
     * @param flowId the declared flow's name, or {@code (undeclared)}
     * @param query the validated request in the gateway's canonical form (declared fields; numbers or keyed
     *     commitments as parameter values), empty when refused before the request was read
     * @param reason the refusal's code ({@code field-not-declared}, ...), empty when allowed
     */
    record EgressFlow(long eventId, Instant time, String flowId, String recipient, String policyVersion, String query,
            long rowsRead, long rowsDelivered, String epsilonSpent, String payloadDigest, Decision decision,
            String reason) implements Relayed {
        public EgressFlow {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            EntryFields.flowId(flowId);
            EntryFields.label("recipient", recipient);
            Objects.requireNonNull(policyVersion, "policyVersion");
            EntryFields.query(query);
            EntryFields.count("rows read", rowsRead);
            EntryFields.count("rows delivered", rowsDelivered);
            EntryFields.decimal("epsilon spent", epsilonSpent);
            Objects.requireNonNull(payloadDigest, "payloadDigest");
            Objects.requireNonNull(decision, "decision");
            // A refusal is named by a code, never a sentence that could quote the request.
            EntryFields.code("reason", reason);
        }
    }

    /** A step in the life of an access request to protected data (the custodian's lockbox). */
    record AccessStep(long eventId, Instant time, Step step, String requestId, String actor, String purpose,
            List<String> columns, List<Pseudonym> subjects) implements Relayed {
        public enum Step { REQUESTED, APPROVED, DENIED, GRANTED, REVOKED, EXPIRED, REFUSED, WITHDRAWN }

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

    /**
     * A step in the life of a release of the owner's algorithm at the release gate: submitted, reviewed, approved
     * (with the signed statement), rejected or revoked. Free text (notes, findings) stays inside the boundary and
     * appears only as its {@code commitment}.
     *
     * @param releaseId {@code rel-} and the first 16 hex digits of the artifact's sha256
     * @param artifactDigest {@code sha256:<hex>} of the algorithm bundle
     * @param sourceDigest {@code sha256:<hex>} of its source archive
     * @param reason the verdict ({@code approve}/{@code reject}) for REVIEWED, a reason code for REJECTED and
     *     REVOKED, empty otherwise
     * @param commitment {@code sha256:<hex>} of text kept inside the boundary, or empty
     * @param statement the DSSE envelope (JSON) for APPROVED, at most {@value #MAX_STATEMENT_BYTES} bytes of UTF-8;
     *     empty otherwise
     */
    record ReleaseStep(long eventId, Instant time, Step step, String releaseId, String artifactDigest,
            String sourceDigest, String actor, String reason, String commitment, String statement)
            implements Relayed {
        /** The one text field allowed beyond 4,096 bytes; the whole entry still fits the log's 65,535. */
        public static final int MAX_STATEMENT_BYTES = EntryFields.MAX_STATEMENT_BYTES;

        public enum Step { SUBMITTED, REVIEWED, APPROVED, REJECTED, REVOKED }

        public ReleaseStep {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            Objects.requireNonNull(step, "step");
            EntryFields.releaseId("release id", releaseId, false);
            EntryFields.digest("artifact digest", artifactDigest, false);
            EntryFields.releaseOf(releaseId, artifactDigest);
            EntryFields.digest("source digest", sourceDigest, false);
            EntryFields.principal(actor);
            EntryFields.code("reason", reason);
            EntryFields.digest("commitment", commitment, true);
            EntryFields.statement(statement);
            String reasonRule = switch (step) {
                case REVIEWED -> reason.equals("approve") || reason.equals("reject") ? ""
                        : "a review's reason is its verdict, approve or reject";
                case REJECTED, REVOKED -> reason.isEmpty() ? "a rejection or revocation names its reason" : "";
                case SUBMITTED, APPROVED -> reason.isEmpty() ? "" : "a submission or approval has no reason";
            };
            if (!reasonRule.isEmpty()) {
                throw new IllegalArgumentException(reasonRule);
            }
            if ((step == Step.APPROVED) == statement.isEmpty()) {
                throw new IllegalArgumentException("an approval, and only an approval, carries a statement");
            }
        }
    }

    /**
     * The engine supervisor admitted, refused, started, swapped or stopped a release of the owner's algorithm, an
     * incident happened to it ({@code count} of one reason summed over a window), or it ran unconfined.
     *
     * @param releaseId the release concerned, or empty
     * @param artifactDigest {@code sha256:<hex>} of the artifact concerned, or empty
     * @param previousRelease the release swapped out, or empty
     * @param reason a code, required for REFUSED and INCIDENT, or empty
     */
    record EngineEvent(long eventId, Instant time, Kind kind, String releaseId, String artifactDigest,
            String previousRelease, String reason, long count) implements Relayed {
        public enum Kind { ADMITTED, REFUSED, STARTED, SWAPPED, STOPPED, INCIDENT, UNCONFINED }

        public EngineEvent {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            Objects.requireNonNull(kind, "kind");
            EntryFields.releaseId("release id", releaseId, true);
            EntryFields.digest("artifact digest", artifactDigest, true);
            EntryFields.releaseId("previous release", previousRelease, true);
            EntryFields.code("reason", reason);
            if (count < 1) {
                throw new IllegalArgumentException("an engine event happened at least once");
            }
            if ((kind == Kind.REFUSED || kind == Kind.INCIDENT) && reason.isEmpty()) {
                throw new IllegalArgumentException("a refusal or an incident names its reason");
            }
        }
    }

    /**
     * Where a snapshot of the owner's model came from: the release, the window of the event history it saw (from
     * {@code firstEvent} to {@code lastEvent}), how many events and positive signals, the digest of those events as
     * they crossed, the history's position, and the snapshot's own digest.
     */
    record ModelLineage(long eventId, Instant time, String releaseId, String artifactDigest, Instant firstEvent,
            Instant lastEvent, long events, long positives, String dataDigest, long position, String snapshotDigest)
            implements Relayed {
        public ModelLineage {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            EntryFields.releaseId("release id", releaseId, false);
            EntryFields.digest("artifact digest", artifactDigest, false);
            EntryFields.releaseOf(releaseId, artifactDigest);
            firstEvent = firstEvent.truncatedTo(ChronoUnit.MILLIS);
            lastEvent = lastEvent.truncatedTo(ChronoUnit.MILLIS);
            EntryFields.count("events", events);
            EntryFields.count("positives", positives);
            EntryFields.digest("data digest", dataDigest, false);
            EntryFields.count("position", position);
            EntryFields.digest("snapshot digest", snapshotDigest, false);
            if (lastEvent.isBefore(firstEvent) || positives > events) {
                throw new IllegalArgumentException("a lineage's window ends after it starts and its positives are"
                        + " among its events");
            }
        }
    }

    /**
     * The server's own build as measured at start, so that the boundary's code is in the log too.
     *
     * @param serverDigest {@code sha256:<hex>} over the components
     * @param runtime the Java runtime's version
     * @param components {@code <file name>@sha256:<hex>}, one to {@value #MAX_COMPONENTS}, sorted by file name
     */
    record BuildMeasured(long eventId, Instant time, String serverDigest, String runtime, List<String> components)
            implements Relayed {
        /** The most components an entry lists, so that it stays under the log's 65,535 bytes. */
        public static final int MAX_COMPONENTS = EntryFields.MAX_COMPONENTS;

        public BuildMeasured {
            EntryFields.eventId(eventId);
            time = time.truncatedTo(ChronoUnit.MILLIS);
            EntryFields.digest("server digest", serverDigest, false);
            EntryFields.runtime(runtime);
            components = EntryFields.components(components);
        }
    }
}

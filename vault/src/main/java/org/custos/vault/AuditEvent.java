package org.custos.vault;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the vault reports to the transparency log. Events carry no personal data: subjects appear only as keyed
 * pseudonyms ({@link Vault#pseudonym(SubjectId)}), and a user principal is replaced by its pseudonym too.
 */
public sealed interface AuditEvent {

    /** When the event happened, from the vault's injected clock. */
    Instant at();

    /**
     * Someone other than the data's own subject read protected values.
     *
     * @param principal who read; a {@link Principal.Kind#USER} principal's id is its pseudonym, not its id
     * @param purpose why
     * @param columns the columns read, distinct, in first-read order
     * @param subjectPseudonyms whose data, distinct
     * @param count how many values were opened
     * @param grant the access grant the read was made under, empty when none
     */
    record ProtectedRead(Principal principal, Purpose purpose, List<Column> columns, List<String> subjectPseudonyms,
                         int count, String grant, Instant at) implements AuditEvent {
        public ProtectedRead {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(grant, "grant (empty when none)");
            Objects.requireNonNull(at, "at");
            columns = List.copyOf(columns);
            subjectPseudonyms = List.copyOf(subjectPseudonyms);
            if (columns.isEmpty() || subjectPseudonyms.isEmpty() || count < 1) {
                throw new IllegalArgumentException("a protected read names at least one column, subject and value");
            }
        }
    }

    /**
     * A key's life: a subject's data key created or shredded, or the KEK rotated.
     *
     * @param keyId the key's public identifier: {@code dek:<pseudonym>} for a data key, {@code kek:<version>} for
     *     the key-encryption key
     * @param subjectPseudonym the subject's pseudonym for data-key events, empty for KEK events
     */
    record KeyEvent(Kind kind, String keyId, String subjectPseudonym, Instant at) implements AuditEvent {
        public enum Kind { CREATED, ROTATED, SHREDDED }

        public KeyEvent {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(subjectPseudonym, "subjectPseudonym (empty for KEK events)");
            Objects.requireNonNull(at, "at");
        }

        /** The subject's pseudonym, for data-key events. */
        public Optional<String> subject() {
            return subjectPseudonym.isEmpty() ? Optional.empty() : Optional.of(subjectPseudonym);
        }
    }

    /**
     * Reads by an automated service of the boundary (the recommender, the app's own jobs), summed over a time window
     * instead of one event per read, so that no automated path is exempt and the log stays small.
     *
     * @param subjects how many distinct subjects' data was read in the window
     * @param count how many values were opened in the window
     */
    record ServiceReads(Principal principal, Purpose purpose, List<Column> columns, long subjects, long count,
                        Instant windowStart, Instant at) implements AuditEvent {
        public ServiceReads {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(windowStart, "windowStart");
            Objects.requireNonNull(at, "at");
            columns = List.copyOf(columns);
            if (columns.isEmpty() || subjects < 1 || count < subjects) {
                throw new IllegalArgumentException("service reads name a column, at least one subject and value");
            }
        }
    }

    /** Whether the boundary let something happen. */
    enum Decision { ALLOWED, DENIED }

    /**
     * Data crossed, or was stopped at, the boundary through the egress gateway.
     *
     * @param flowId the declared flow's name, or what was asked for when it is not declared
     * @param recipient who receives (an operator id of the owner)
     * @param policyVersion the digest-named version of the policy set that decided
     * @param query the request's parameters in canonical form (never personal data)
     * @param rowsRead rows the flow read inside the boundary
     * @param rowsDelivered rows (or groups) delivered
     * @param epsilonSpent the differential-privacy budget this flow spent, as a decimal string ("0" when none)
     * @param payloadDigest {@code sha256:<hex>} of the delivered payload, empty when denied
     * @param reason why it was denied, empty when allowed
     */
    record Flow(String flowId, String recipient, String policyVersion, String query, long rowsRead,
                long rowsDelivered, String epsilonSpent, String payloadDigest, Decision decision, String reason,
                Instant at) implements AuditEvent {
        public Flow {
            Objects.requireNonNull(flowId, "flowId");
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(policyVersion, "policyVersion");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(epsilonSpent, "epsilonSpent");
            Objects.requireNonNull(payloadDigest, "payloadDigest");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
            if (rowsRead < 0 || rowsDelivered < 0) {
                throw new IllegalArgumentException("row counts must not be negative");
            }
        }
    }

    /**
     * A step in the life of an access request to protected data (the custodian's lockbox).
     *
     * @param actor the requester for REQUESTED and WITHDRAWN (the requester took back a pending request), the
     *     approver for APPROVED / DENIED / REVOKED, the boundary's service principal for GRANTED (the last approval
     *     made it effective) and EXPIRED (a grant's time box ended, or a pending request went undecided too long),
     *     the would-be reader for REFUSED (a read attempted without a valid grant)
     * @param columns the scope: columns the grant allows reading
     * @param subjectPseudonyms the scope: whose data
     */
    record AccessStep(Step step, String requestId, Principal actor, Purpose purpose, List<Column> columns,
                      List<String> subjectPseudonyms, Instant at) implements AuditEvent {
        public enum Step { REQUESTED, APPROVED, DENIED, GRANTED, REVOKED, EXPIRED, REFUSED, WITHDRAWN }

        public AccessStep {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(at, "at");
            columns = List.copyOf(columns);
            subjectPseudonyms = List.copyOf(subjectPseudonyms);
        }
    }

    /**
     * A policy set was published (or retired): {@code digest} is {@code sha256:<hex>} of its exact text.
     *
     * @param author the operator who published it
     */
    record PolicyChange(String policyId, String version, String digest, boolean retired, Principal author,
                        Instant at) implements AuditEvent {
        public PolicyChange {
            Objects.requireNonNull(policyId, "policyId");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A step in the life of a release of the owner's algorithm at the release gate. Every field is chosen by the
     * boundary: free text (release notes, review findings) stays inside and appears here only as its digest.
     *
     * @param releaseId {@code rel-} and the first 16 hex digits of the artifact's sha256
     * @param artifactDigest {@code sha256:<hex>} of the algorithm bundle
     * @param sourceDigest {@code sha256:<hex>} of its source archive
     * @param actor the submitter for SUBMITTED, the reviewer for REVIEWED, the custodian who decided otherwise
     * @param reason for REVIEWED the verdict code ({@code approve} or {@code reject}); for REJECTED and REVOKED a
     *     reason code ({@code [a-z0-9][a-z0-9.-]{0,63}}); empty for SUBMITTED and APPROVED
     * @param commitment {@code sha256:<hex>} of free text kept inside the boundary (notes, findings), or empty
     * @param statement for APPROVED the signed statement, a DSSE envelope as compact JSON of at most
     *     {@value #MAX_STATEMENT_BYTES} bytes of UTF-8; empty for every other step
     */
    record ReleaseStep(Step step, String releaseId, String artifactDigest, String sourceDigest, Principal actor,
                       String reason, String commitment, String statement, Instant at) implements AuditEvent {
        /** The most bytes of UTF-8 a statement may take: the log's entries hold at most 65,535. */
        public static final int MAX_STATEMENT_BYTES = AuditFields.MAX_STATEMENT_BYTES;

        public enum Step { SUBMITTED, REVIEWED, APPROVED, REJECTED, REVOKED }

        public ReleaseStep {
            Objects.requireNonNull(step, "step");
            AuditFields.releaseId("releaseId", releaseId, false);
            AuditFields.digest("artifactDigest", artifactDigest, false);
            AuditFields.releaseOf(releaseId, artifactDigest);
            AuditFields.digest("sourceDigest", sourceDigest, false);
            Objects.requireNonNull(actor, "actor");
            AuditFields.code("reason", reason);
            AuditFields.digest("commitment", commitment, true);
            Objects.requireNonNull(statement, "statement (empty unless APPROVED)");
            Objects.requireNonNull(at, "at");
            switch (step) {
                case REVIEWED -> {
                    if (!reason.equals("approve") && !reason.equals("reject")) {
                        throw new IllegalArgumentException("a review's reason is its verdict, approve or reject");
                    }
                }
                case REJECTED, REVOKED -> {
                    if (reason.isEmpty()) {
                        throw new IllegalArgumentException("a " + step + " release step needs a reason code");
                    }
                }
                case SUBMITTED, APPROVED -> {
                    if (!reason.isEmpty()) {
                        throw new IllegalArgumentException("a " + step + " release step has no reason");
                    }
                }
            }
            if (step == Step.APPROVED) {
                if (statement.isEmpty()) {
                    throw new IllegalArgumentException("an approval carries its signed statement");
                }
                AuditFields.statement(statement);
            } else if (!statement.isEmpty()) {
                throw new IllegalArgumentException("only an approval carries a statement, not " + step);
            }
        }
    }

    /**
     * What the engine supervisor did with a release of the owner's algorithm, or what happened to it while it ran.
     *
     * @param releaseId the release concerned, or empty (for example a refused artifact that is no release)
     * @param artifactDigest {@code sha256:<hex>} of the artifact concerned, or empty
     * @param previousRelease for SWAPPED the release taken over from, or empty
     * @param reason a code saying why (required for REFUSED and INCIDENT), or empty
     * @param count how many times, at least 1: incidents of one reason are summed over a window
     */
    record EngineEvent(Kind kind, String releaseId, String artifactDigest, String previousRelease, String reason,
                       long count, Instant at) implements AuditEvent {
        public enum Kind { ADMITTED, REFUSED, STARTED, SWAPPED, STOPPED, INCIDENT, UNCONFINED }

        public EngineEvent {
            Objects.requireNonNull(kind, "kind");
            AuditFields.releaseId("releaseId", releaseId, true);
            AuditFields.digest("artifactDigest", artifactDigest, true);
            AuditFields.releaseId("previousRelease", previousRelease, true);
            AuditFields.code("reason", reason);
            Objects.requireNonNull(at, "at");
            if (count < 1) {
                throw new IllegalArgumentException("an engine event happened at least once, got count " + count);
            }
            if ((kind == Kind.REFUSED || kind == Kind.INCIDENT) && reason.isEmpty()) {
                throw new IllegalArgumentException("an engine " + kind + " event needs a reason code");
            }
        }
    }

    /**
     * Where a snapshot of the owner's model came from: the release that trained it and the window of the event
     * history it saw.
     *
     * @param firstEvent the time of the first event in the window
     * @param lastEvent the time of the last, not before {@code firstEvent}
     * @param events how many events the model saw in the window
     * @param positives how many of them were positive signals, at most {@code events}
     * @param dataDigest {@code sha256:<hex>} over the events as they crossed to the algorithm
     * @param position the event history's position the snapshot reflects
     * @param snapshotDigest {@code sha256:<hex>} of the snapshot's bytes, as the host stored them
     */
    record ModelLineage(String releaseId, String artifactDigest, Instant firstEvent, Instant lastEvent, long events,
                        long positives, String dataDigest, long position, String snapshotDigest, Instant at)
            implements AuditEvent {
        public ModelLineage {
            AuditFields.releaseId("releaseId", releaseId, false);
            AuditFields.digest("artifactDigest", artifactDigest, false);
            AuditFields.releaseOf(releaseId, artifactDigest);
            Objects.requireNonNull(firstEvent, "firstEvent");
            Objects.requireNonNull(lastEvent, "lastEvent");
            AuditFields.digest("dataDigest", dataDigest, false);
            AuditFields.digest("snapshotDigest", snapshotDigest, false);
            Objects.requireNonNull(at, "at");
            if (lastEvent.isBefore(firstEvent)) {
                throw new IllegalArgumentException("the window's last event is before its first");
            }
            if (events < 0 || positives < 0 || positives > events || position < 0) {
                throw new IllegalArgumentException("lineage counts must be 0 or more, positives at most events");
            }
        }
    }

    /**
     * The server's own code as measured at start: so that the boundary's code is in the log, not only the owner's.
     *
     * @param serverDigest {@code sha256:<hex>} over the components, as the server computes it
     * @param runtime the Java runtime's version, for example {@code 25.0.1+8-LTS}
     * @param components {@code <file name>@sha256:<hex>} of every jar, sorted by file name, at most
     *     {@value #MAX_COMPONENTS}
     */
    record BuildMeasured(String serverDigest, String runtime, List<String> components, Instant at)
            implements AuditEvent {
        /** The most components one event lists, so that its log entry stays under the log's 65,535 bytes. */
        public static final int MAX_COMPONENTS = AuditFields.MAX_COMPONENTS;

        public BuildMeasured {
            AuditFields.digest("serverDigest", serverDigest, false);
            AuditFields.runtime(runtime);
            components = AuditFields.components(components);
            Objects.requireNonNull(at, "at");
        }
    }
}

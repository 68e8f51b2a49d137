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
     * @param actor the requester for REQUESTED, the approver for APPROVED / DENIED / REVOKED, the boundary's service
     *     principal for GRANTED (the last approval made it effective) and EXPIRED, the would-be reader for REFUSED
     *     (a read attempted without a valid grant)
     * @param columns the scope: columns the grant allows reading
     * @param subjectPseudonyms the scope: whose data
     */
    record AccessStep(Step step, String requestId, Principal actor, Purpose purpose, List<Column> columns,
                      List<String> subjectPseudonyms, Instant at) implements AuditEvent {
        public enum Step { REQUESTED, APPROVED, DENIED, GRANTED, REVOKED, EXPIRED, REFUSED }

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
     * A step in the life of a software release of the boundary (the release gate). Every text is a boundary-chosen
     * label, a code or a digest; free text (notes, findings) stays inside and is named by its commitment.
     *
     * @param reason for REVIEWED the verdict code ({@code approve} or {@code reject}); for REJECTED and REVOKED a
     *     reason code; else empty
     * @param commitment {@code sha256:<hex>} of free text kept inside the boundary (notes, findings), or empty
     * @param statement the DSSE envelope JSON, only for APPROVED, else empty; at most 49,152 bytes of UTF-8
     */
    record ReleaseStep(Step step, String releaseId, String artifactDigest, String sourceDigest, Principal actor,
                       String reason, String commitment, String statement, Instant at) implements AuditEvent {
        public enum Step { SUBMITTED, REVIEWED, APPROVED, REJECTED, REVOKED }

        public ReleaseStep {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(releaseId, "releaseId");
            Objects.requireNonNull(artifactDigest, "artifactDigest");
            Objects.requireNonNull(sourceDigest, "sourceDigest");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(reason, "reason (empty when none)");
            Objects.requireNonNull(commitment, "commitment (empty when none)");
            Objects.requireNonNull(statement, "statement (empty when none)");
            Objects.requireNonNull(at, "at");
            AuditEventCheck.reason(reason);
            AuditEventCheck.digestOrEmpty("commitment", commitment);
            AuditEventCheck.digestOrEmpty("artifact digest", artifactDigest);
            AuditEventCheck.digestOrEmpty("source digest", sourceDigest);
            if (statement.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 49_152) {
                throw new IllegalArgumentException("a release statement holds at most 49,152 bytes");
            }
        }
    }

    /**
     * What the engine supervisor did with an algorithm release: admitted or refused it, started, swapped or stopped
     * its process, an incident (summed per reason over a window), or a development run without confinement.
     *
     * @param previousRelease the release a swap replaced, or empty
     * @param count at least 1; incidents of one reason summed per window
     */
    record EngineEvent(Kind kind, String releaseId, String artifactDigest, String previousRelease, String reason,
                       long count, Instant at) implements AuditEvent {
        public enum Kind { ADMITTED, REFUSED, STARTED, SWAPPED, STOPPED, INCIDENT, UNCONFINED }

        public EngineEvent {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(releaseId, "releaseId (empty when none)");
            Objects.requireNonNull(artifactDigest, "artifactDigest (empty when none)");
            Objects.requireNonNull(previousRelease, "previousRelease (empty when none)");
            Objects.requireNonNull(reason, "reason (empty when none)");
            Objects.requireNonNull(at, "at");
            AuditEventCheck.reason(reason);
            AuditEventCheck.digestOrEmpty("artifact digest", artifactDigest);
            if (count < 1) {
                throw new IllegalArgumentException("an engine event counts at least 1, got " + count);
            }
        }
    }
}

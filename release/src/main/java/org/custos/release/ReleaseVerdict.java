package org.custos.release;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link ReleaseVerifier} concluded about an artifact, with the evidence.
 *
 * @param approvalIndex the log index of the APPROVED entry whose statement verified
 * @param checkpoint the checkpoint the inclusion was proven under, as {@code origin@size}
 * @param statement the DSSE envelope that verified
 * @param report a human-readable account of what was checked and found
 */
public record ReleaseVerdict(Outcome outcome, Optional<Sha256Digest> artifactDigest, Optional<String> releaseId,
                             OptionalLong approvalIndex, Optional<String> checkpoint, Optional<String> statement,
                             String report) {

    public enum Outcome {
        /** Approved, signed by the release key, included in the log, not revoked. */
        APPROVED,
        /** The log holds no approval of this artifact. */
        NOT_APPROVED,
        /** Approved and logged, then revoked (the revocation is in the log too). */
        REVOKED,
        /** The log or a statement contradicts itself: a bad signature, a proof that does not verify. */
        INVALID,
        /** The check could not be carried out (the artifact or the log could not be read). */
        UNVERIFIABLE
    }

    public ReleaseVerdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(artifactDigest, "artifactDigest");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(approvalIndex, "approvalIndex");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(report, "report");
    }

    /** 0 approved, 1 not approved, revoked or invalid, 2 could not check (as {@code custos log verify}). */
    public int exitCode() {
        return switch (outcome) {
            case APPROVED -> 0;
            case NOT_APPROVED, REVOKED, INVALID -> 1;
            case UNVERIFIABLE -> 2;
        };
    }
}

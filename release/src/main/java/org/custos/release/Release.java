package org.custos.release;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.custos.vault.Principal;

/**
 * A release as the gate holds it. The notes and the reviews' findings are free text kept inside the boundary; the
 * log carries their commitments.
 *
 * @param requiredReviews approving reviews it needs, fixed when it was submitted
 * @param rebuild the latest rebuild, if any
 * @param statement the signed DSSE envelope (canonical JSON), once approved
 * @param closedBy who rejected or revoked it
 * @param closedReason the reason code of the rejection or revocation
 * @param logIndex the index of its APPROVED entry in the transparency log, once admission found it
 */
public record Release(String id, Sha256Digest artifactDigest, Sha256Digest sourceDigest, String bundleName,
                      String mainClass, int protocolVersion, Principal submitter, String notes,
                      Sha256Digest notesCommitment, int requiredReviews, ReleaseState state, List<Review> reviews,
                      Optional<RebuildReport> rebuild, Instant submittedAt, Optional<Instant> approvedAt,
                      Optional<String> statement, Optional<Principal> closedBy, Optional<String> closedReason,
                      Optional<Instant> closedAt, OptionalLong logIndex) {
    public Release {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(artifactDigest, "artifactDigest");
        Objects.requireNonNull(sourceDigest, "sourceDigest");
        Objects.requireNonNull(submitter, "submitter");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(state, "state");
        reviews = List.copyOf(reviews);
        Objects.requireNonNull(rebuild, "rebuild");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(approvedAt, "approvedAt");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(closedBy, "closedBy");
        Objects.requireNonNull(closedReason, "closedReason");
        Objects.requireNonNull(closedAt, "closedAt");
        Objects.requireNonNull(logIndex, "logIndex");
    }

    /** The approving reviewers, in the order they reviewed. */
    public List<Principal> approvers() {
        return reviews.stream().filter(r -> r.verdict() == ReviewVerdict.APPROVE).map(Review::reviewer).toList();
    }

    /** The file name the statement's subject carries. */
    public String fileName() {
        return bundleName + ".jar";
    }
}

package org.custos.release;

import java.time.Instant;
import java.util.Objects;
import org.custos.vault.Principal;

/**
 * One custodian reviewer's verdict on a release.
 *
 * @param findings the reviewer's free text, kept inside the boundary
 * @param findingsCommitment its SHA-256, which the log carries instead
 * @param reason the reason code of a rejection, empty for an approval
 */
public record Review(Principal reviewer, ReviewVerdict verdict, String findings, Sha256Digest findingsCommitment,
                     String reason, Instant at) {
    public Review {
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(findingsCommitment, "findingsCommitment");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}

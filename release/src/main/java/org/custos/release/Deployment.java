package org.custos.release;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.custos.vault.Principal;

/**
 * The release the server should run, as last deployed.
 *
 * @param previousRelease the release deployed before it, if any (a rollback deploys an earlier one again)
 */
public record Deployment(long number, String releaseId, Sha256Digest artifactDigest, Optional<String> previousRelease,
                         Principal deployedBy, Instant deployedAt) {
    public Deployment {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(artifactDigest, "artifactDigest");
        Objects.requireNonNull(previousRelease, "previousRelease");
        Objects.requireNonNull(deployedBy, "deployedBy");
        Objects.requireNonNull(deployedAt, "deployedAt");
    }
}

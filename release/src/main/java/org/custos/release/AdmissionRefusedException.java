package org.custos.release;

import java.util.Objects;
import java.util.Optional;

/**
 * The gate refused to admit an artifact: it must not run. {@link #reason()} says why as a code (also logged as the
 * REFUSED engine event's reason), the message names the cause and what was checked.
 */
public final class AdmissionRefusedException extends Exception {
    private final RefusalReason reason;
    private final String releaseId;
    private final Sha256Digest artifactDigest;

    AdmissionRefusedException(RefusalReason reason, String releaseId, Sha256Digest artifactDigest, String message,
                              Throwable cause) {
        super(reason.code() + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.releaseId = Objects.requireNonNull(releaseId, "releaseId");
        this.artifactDigest = artifactDigest;
    }

    public RefusalReason reason() {
        return reason;
    }

    /** Whether retrying later cannot help ({@link RefusalReason#permanent()}). */
    public boolean permanent() {
        return reason.permanent();
    }

    /** The release the artifact belongs to, when one was found. */
    public Optional<String> releaseId() {
        return releaseId.isEmpty() ? Optional.empty() : Optional.of(releaseId);
    }

    /** The artifact's digest, when it could be read. */
    public Optional<Sha256Digest> artifactDigest() {
        return Optional.ofNullable(artifactDigest);
    }
}

package org.custos.release;

/**
 * Why the gate refused to admit an artifact; the code is what the log's REFUSED engine entry carries.
 */
public enum RefusalReason {
    /** The file could not be read. */
    ARTIFACT_UNREADABLE("artifact-unreadable"),
    /** No release has this artifact's SHA-256 (one flipped byte is enough). */
    UNKNOWN_ARTIFACT("unknown-artifact"),
    /** The release is submitted but not (yet) approved. */
    NOT_APPROVED("not-approved"),
    /** The release was rejected in review. */
    REJECTED("rejected"),
    /** The release was revoked. */
    REVOKED("revoked"),
    /** The approval statement is malformed or does not verify with the release public key. */
    STATEMENT_INVALID("statement-invalid"),
    /** The statement does not name this digest, or the gate's stored copy no longer has it. */
    DIGEST_MISMATCH("digest-mismatch"),
    /** The release's APPROVED entry is not in the log (within the admission wait). */
    NOT_LOGGED("not-logged"),
    /** The log's checkpoint is malformed, of another log, or not signed by the log's key. */
    CHECKPOINT_INVALID("checkpoint-invalid"),
    /** The entry's inclusion proof, built from the served tiles, does not lead to the signed root. */
    INCLUSION_PROOF_INVALID("inclusion-proof-invalid"),
    /** The log could not be read. */
    LOG_UNAVAILABLE("log-unavailable");

    private final String code;

    RefusalReason(String code) {
        this.code = code;
    }

    /**
     * True when asking again cannot change the answer (the artifact, its release or its statement is what it is);
     * false when the log or the file may yet answer (not integrated yet, unreachable, mid-recovery), so a
     * supervisor should retry later. Every retry is checked, and refused and logged again, from scratch.
     */
    public boolean permanent() {
        return switch (this) {
            case UNKNOWN_ARTIFACT, NOT_APPROVED, REJECTED, REVOKED, STATEMENT_INVALID, DIGEST_MISMATCH -> true;
            case ARTIFACT_UNREADABLE, NOT_LOGGED, CHECKPOINT_INVALID, INCLUSION_PROOF_INVALID, LOG_UNAVAILABLE -> false;
        };
    }

    public String code() {
        return code;
    }
}

package org.custos.release;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An artifact the gate admitted: approved, not revoked, its statement verified with the release key and naming its
 * digest, and the APPROVED log entry carrying that statement included under the log's current checkpoint. Only the
 * gate makes one; the host runs {@link #artifact()} (the blob store's copy, re-hashed at admission) with
 * {@code java -cp <artifact> <mainClass>}.
 */
public final class AdmittedRelease {
    private final String id;
    private final Sha256Digest artifactDigest;
    private final Path artifact;
    private final String mainClass;
    private final int protocolVersion;
    private final String statement;
    private final long logIndex;

    AdmittedRelease(String id, Sha256Digest artifactDigest, Path artifact, String mainClass, int protocolVersion,
                    String statement, long logIndex) {
        this.id = Objects.requireNonNull(id, "id");
        this.artifactDigest = Objects.requireNonNull(artifactDigest, "artifactDigest");
        this.artifact = Objects.requireNonNull(artifact, "artifact");
        this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        this.protocolVersion = protocolVersion;
        this.statement = Objects.requireNonNull(statement, "statement");
        this.logIndex = logIndex;
    }

    public String id() {
        return id;
    }

    public Sha256Digest artifactDigest() {
        return artifactDigest;
    }

    /** The verified artifact in the gate's blob store. */
    public Path artifact() {
        return artifact;
    }

    public String mainClass() {
        return mainClass;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    /** The DSSE envelope JSON, byte for byte as logged. */
    public String statement() {
        return statement;
    }

    /** The index of the release's APPROVED entry in the transparency log. */
    public long logIndex() {
        return logIndex;
    }

    @Override
    public String toString() {
        return "AdmittedRelease[" + id + " " + artifactDigest + " " + mainClass + " v" + protocolVersion + " @"
                + logIndex + "]";
    }
}

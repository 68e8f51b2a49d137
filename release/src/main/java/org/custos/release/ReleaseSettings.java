package org.custos.release;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the release gate stores, reviews, signs and admits, validated once at start-up.
 *
 * @param directory the gate's files: the content-addressed blob store ({@code blobs/sha256/<hex>}) and the rebuilds'
 *     scratch space ({@code work/})
 * @param requiredReviews approving reviews by distinct custodian reviewers (never the submitter) a release needs
 *     (configuration key {@code release.reviews}); fixed per release when it is submitted
 * @param admissionWait how long {@code admit} waits for an approved release's entry to be integrated into the log
 *     before refusing it as not logged
 * @param maxBlobBytes the largest artifact or source archive accepted
 * @param maxDiffBytes the most bytes of unified diff text a review shows; the rest is cut and marked
 * @param protocolVersions the host protocol versions an artifact may declare ({@code Custos-Protocol-Version})
 * @param signing where the release signing key lives
 */
public record ReleaseSettings(Path directory, int requiredReviews, Duration admissionWait, long maxBlobBytes,
                              int maxDiffBytes, Set<Integer> protocolVersions, SigningKeySettings signing) {

    /** The protocol version this host speaks. */
    public static final int PROTOCOL_VERSION = 1;

    public ReleaseSettings {
        directory = directory.toAbsolutePath().normalize();
        Objects.requireNonNull(admissionWait, "admissionWait");
        Objects.requireNonNull(signing, "signing");
        protocolVersions = Set.copyOf(new TreeSet<>(protocolVersions));
        if (requiredReviews < 1 || requiredReviews > 10) {
            throw new IllegalArgumentException("release.reviews must be 1 to 10, got " + requiredReviews);
        }
        if (admissionWait.isNegative() || admissionWait.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("the admission wait must be 0 to 10 minutes, got " + admissionWait);
        }
        if (maxBlobBytes < 1024 || maxBlobBytes > (4L << 30)) {
            throw new IllegalArgumentException("the blob size cap must be 1 KiB to 4 GiB, got " + maxBlobBytes);
        }
        if (maxDiffBytes < 1024 || maxDiffBytes > (64 << 20)) {
            throw new IllegalArgumentException("the diff size cap must be 1 KiB to 64 MiB, got " + maxDiffBytes);
        }
        if (protocolVersions.isEmpty()) {
            throw new IllegalArgumentException("the host must support at least one protocol version");
        }
    }

    /**
     * Two reviewers, 30 s admission wait, blobs up to 256 MiB, 1 MiB of diff, protocol version 1, and a local
     * signing key in {@code <directory>/keys/release-signing-key.p8}.
     */
    public static ReleaseSettings defaults(Path directory) {
        return new ReleaseSettings(directory, 2, Duration.ofSeconds(30), 256L << 20, 1 << 20,
                Set.of(PROTOCOL_VERSION),
                new SigningKeySettings.Local(directory.resolve("keys").resolve("release-signing-key.p8")));
    }

    public ReleaseSettings withRequiredReviews(int value) {
        return new ReleaseSettings(directory, value, admissionWait, maxBlobBytes, maxDiffBytes, protocolVersions,
                signing);
    }

    public ReleaseSettings withAdmissionWait(Duration value) {
        return new ReleaseSettings(directory, requiredReviews, value, maxBlobBytes, maxDiffBytes, protocolVersions,
                signing);
    }

    public ReleaseSettings withMaxBlobBytes(long value) {
        return new ReleaseSettings(directory, requiredReviews, admissionWait, value, maxDiffBytes, protocolVersions,
                signing);
    }

    public ReleaseSettings withMaxDiffBytes(int value) {
        return new ReleaseSettings(directory, requiredReviews, admissionWait, maxBlobBytes, value, protocolVersions,
                signing);
    }

    public ReleaseSettings withSigning(SigningKeySettings value) {
        return new ReleaseSettings(directory, requiredReviews, admissionWait, maxBlobBytes, maxDiffBytes,
                protocolVersions, value);
    }

    Path blobDirectory() {
        return directory.resolve("blobs");
    }

    Path workDirectory() {
        return directory.resolve("work");
    }
}

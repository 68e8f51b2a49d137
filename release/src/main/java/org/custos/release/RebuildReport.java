package org.custos.release;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one custodian rebuild of a release from its source archive, as stored.
 *
 * @param number the rebuild's id, unique across releases (the statement's invocation id names it)
 * @param rebuiltDigest the digest of the rebuilt artifact; empty when the build failed
 * @param matches true when the rebuilt artifact is byte for byte the submitted one
 * @param onlyInSubmitted jar entries only the submitted artifact has
 * @param onlyInRebuilt jar entries only the rebuilt artifact has
 * @param differing jar entries present in both with different bytes (or metadata)
 * @param runtime the JDK the build ran on
 * @param error why the build failed, empty when it built
 */
public record RebuildReport(long number, Optional<Sha256Digest> rebuiltDigest, boolean matches,
                            List<String> onlyInSubmitted, List<String> onlyInRebuilt, List<String> differing,
                            String runtime, String builder, Instant startedOn, Instant finishedOn, String error) {
    public RebuildReport {
        Objects.requireNonNull(rebuiltDigest, "rebuiltDigest");
        onlyInSubmitted = List.copyOf(onlyInSubmitted);
        onlyInRebuilt = List.copyOf(onlyInRebuilt);
        differing = List.copyOf(differing);
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(startedOn, "startedOn");
        Objects.requireNonNull(finishedOn, "finishedOn");
        Objects.requireNonNull(error, "error");
        if (matches && (rebuiltDigest.isEmpty() || !error.isEmpty())) {
            throw new IllegalArgumentException("a matching rebuild has a digest and no error");
        }
    }
}

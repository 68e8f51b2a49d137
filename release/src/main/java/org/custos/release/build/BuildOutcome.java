package org.custos.release.build;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a rebuild produced and from what.
 *
 * @param artifact       the bundle jar, in the work directory
 * @param artifactDigest {@code sha256:<hex>} of the bundle's bytes
 * @param sourceDigest   {@code sha256:<hex>} of the source archive's bytes
 * @param recipe         the archive's recipe
 * @param dependencies   the archive's lock, each entry verified against the bytes used
 * @param runtime        the {@code java.runtime.version} that compiled the bundle
 * @param startedOn      when the rebuild started
 * @param finishedOn     when the bundle was written
 */
public record BuildOutcome(Path artifact, String artifactDigest, String sourceDigest, Recipe recipe,
                           List<LockedDependency> dependencies, String runtime, Instant startedOn,
                           Instant finishedOn) {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public BuildOutcome {
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(startedOn, "startedOn");
        Objects.requireNonNull(finishedOn, "finishedOn");
        if (!DIGEST.matcher(artifactDigest).matches() || !DIGEST.matcher(sourceDigest).matches()) {
            throw new IllegalArgumentException("digests must be sha256:<64 lower-case hex>");
        }
        dependencies = List.copyOf(dependencies);
        if (finishedOn.isBefore(startedOn)) {
            throw new IllegalArgumentException("finishedOn " + finishedOn + " is before startedOn " + startedOn);
        }
    }

    /**
     * Whether the JDK that rebuilt the bundle is the one the recipe names. When it is not, a digest that differs
     * from the recorded one may be the JDK's doing rather than the source's.
     */
    public boolean runtimeMatchesRecipe() {
        return runtime.equals(recipe.jdkExpected());
    }
}

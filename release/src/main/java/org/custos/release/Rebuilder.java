package org.custos.release;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Rebuilds an artifact from a source archive, offline, and compares two artifacts entry by entry. The gate's only
 * view of the hermetic builder, so that the rules around it (a rebuild must match before approval; what is stored;
 * what the statement says) are tested with any builder.
 */
interface Rebuilder {

    /** The builder's id, the statement's {@code runDetails.builder.id}. */
    String builderId();

    /** The build type, the statement's {@code buildDefinition.buildType}. */
    String buildType();

    /**
     * Builds the artifact of {@code sourceArchive} in {@code workDir} (empty, owned by this call) without network.
     *
     * @throws RebuildFailedException when the archive does not build; the message says why
     */
    Outcome rebuild(Path sourceArchive, Path workDir) throws RebuildFailedException, IOException, InterruptedException;

    /** Which entries of two jars differ. */
    Difference compare(Path expected, Path actual) throws IOException;

    /** A dependency pinned by the lock file, as the statement's {@code resolvedDependencies} list it. */
    record Dependency(String name, String uri, Sha256Digest digest) {
        public Dependency {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(digest, "digest");
        }
    }

    /** What one build produced and read. */
    record Outcome(Path artifact, Sha256Digest artifactDigest, Sha256Digest sourceDigest,
                   SortedMap<String, String> recipe, List<Dependency> dependencies, String runtime,
                   Instant startedOn, Instant finishedOn) {
        public Outcome {
            Objects.requireNonNull(artifact, "artifact");
            recipe = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(recipe));
            dependencies = List.copyOf(dependencies);
        }
    }

    /** Entry names only in the expected jar, only in the actual one, and in both with different bytes. */
    record Difference(List<String> onlyInExpected, List<String> onlyInActual, List<String> differing) {
        public Difference {
            onlyInExpected = List.copyOf(onlyInExpected);
            onlyInActual = List.copyOf(onlyInActual);
            differing = List.copyOf(differing);
        }

        boolean none() {
            return onlyInExpected.isEmpty() && onlyInActual.isEmpty() && differing.isEmpty();
        }
    }

    /** The source archive did not build. */
    final class RebuildFailedException extends Exception {
        public RebuildFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

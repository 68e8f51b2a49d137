package org.custos.server.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the server runs the owner's algorithm, read once at start-up.
 *
 * @param enabled               run the deployed release ({@code recsys.engine=foryou}, the default); with
 *                              {@code popularity} the app's popularity feed serves For You and no algorithm runs
 * @param stateDirectory        the engines' sealed snapshots and private state directories
 *                              ({@code <data dir>/engine})
 * @param defaultBundle         the project's own For You engine and its source archive, shipped through the
 *                              release gate at first start when no release is deployed; empty to skip
 * @param rankDeadline          how long a For You request waits for the algorithm before the popularity feed serves
 * @param startTimeout          how long a new process may take to become ready (handshake, restore)
 * @param restartBackoff        the wait before the first restart of a failed engine; it doubles up to
 *                              {@code maxRestartBackoff}
 * @param maxRestartBackoff     the longest wait between restarts
 * @param snapshotInterval      how often the serving engine's state is snapshotted (and at every stop)
 * @param erasureSnapshotDelay  at most this long after an erasure reached the engines, they are snapshotted again and
 *                              every older snapshot is destroyed
 * @param hungAfter             consecutive late answers after which the engine counts as hung and is restarted
 * @param jvmFlags              extra flags for the engine's JVM (the host's choice, never the artifact's)
 * @param pseudonymEpoch        the generation of the releases' pseudonyms: raising it gives every release new
 *                              pseudonyms (its snapshots of the older epoch are then not restored; it warms from the
 *                              stored history)
 */
public record EngineSettings(boolean enabled, Path stateDirectory, java.util.Optional<DefaultBundle> defaultBundle,
                             Duration rankDeadline, Duration startTimeout, Duration restartBackoff,
                             Duration maxRestartBackoff, Duration snapshotInterval, Duration erasureSnapshotDelay,
                             int hungAfter, List<String> jvmFlags, int pseudonymEpoch) {

    /** The bundle and source archive of the project's own For You engine. */
    public record DefaultBundle(Path artifact, Path source) {
        public DefaultBundle {
            Objects.requireNonNull(artifact, "artifact");
            Objects.requireNonNull(source, "source");
        }
    }

    public EngineSettings {
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(defaultBundle, "defaultBundle");
        jvmFlags = List.copyOf(jvmFlags);
        for (Duration d : List.of(rankDeadline, startTimeout, restartBackoff, maxRestartBackoff, snapshotInterval,
                erasureSnapshotDelay)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("engine durations must be positive, got " + d);
            }
        }
        if (maxRestartBackoff.compareTo(restartBackoff) < 0) {
            throw new IllegalArgumentException("the longest restart backoff must not be shorter than the first");
        }
        if (pseudonymEpoch < 1) {
            throw new IllegalArgumentException("the pseudonym epoch starts at 1, got " + pseudonymEpoch);
        }
        if (hungAfter < 1) {
            throw new IllegalArgumentException("hungAfter must be at least 1, got " + hungAfter);
        }
    }

    /** Defaults for a state directory; the default bundle as given. */
    public static EngineSettings defaults(Path stateDirectory, java.util.Optional<DefaultBundle> bundle) {
        return new EngineSettings(true, stateDirectory, bundle, Duration.ofMillis(100), Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(30), 5,
                List.of("--add-modules", "jdk.incubator.vector"), 1);
    }

    public EngineSettings withEnabled(boolean value) {
        return new EngineSettings(value, stateDirectory, defaultBundle, rankDeadline, startTimeout, restartBackoff,
                maxRestartBackoff, snapshotInterval, erasureSnapshotDelay, hungAfter, jvmFlags, pseudonymEpoch);
    }

    public EngineSettings withRankDeadline(Duration value) {
        return new EngineSettings(enabled, stateDirectory, defaultBundle, value, startTimeout, restartBackoff,
                maxRestartBackoff, snapshotInterval, erasureSnapshotDelay, hungAfter, jvmFlags, pseudonymEpoch);
    }

    public EngineSettings withRestartBackoff(Duration first, Duration max) {
        return new EngineSettings(enabled, stateDirectory, defaultBundle, rankDeadline, startTimeout, first, max,
                snapshotInterval, erasureSnapshotDelay, hungAfter, jvmFlags, pseudonymEpoch);
    }

    public EngineSettings withSnapshots(Duration interval, Duration afterErasure) {
        return new EngineSettings(enabled, stateDirectory, defaultBundle, rankDeadline, startTimeout, restartBackoff,
                maxRestartBackoff, interval, afterErasure, hungAfter, jvmFlags, pseudonymEpoch);
    }

    public EngineSettings withDefaultBundle(java.util.Optional<DefaultBundle> value) {
        return new EngineSettings(enabled, stateDirectory, value, rankDeadline, startTimeout, restartBackoff,
                maxRestartBackoff, snapshotInterval, erasureSnapshotDelay, hungAfter, jvmFlags, pseudonymEpoch);
    }

    public EngineSettings withPseudonymEpoch(int value) {
        return new EngineSettings(enabled, stateDirectory, defaultBundle, rankDeadline, startTimeout, restartBackoff,
                maxRestartBackoff, snapshotInterval, erasureSnapshotDelay, hungAfter, jvmFlags, value);
    }

    public EngineSettings withStateDirectory(Path value) {
        return new EngineSettings(enabled, value, defaultBundle, rankDeadline, startTimeout, restartBackoff,
                maxRestartBackoff, snapshotInterval, erasureSnapshotDelay, hungAfter, jvmFlags, pseudonymEpoch);
    }
}

package org.custos.tlog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.custos.tlog.note.NoteSigner;

/**
 * Everything a log needs to open, validated once.
 *
 * @param directory where the static layout (and, under {@code .sequence/}, the journal) lives
 * @param origin the checkpoint origin line; the signer's key name MUST equal it
 * @param signer the log's Ed25519 checkpoint key
 * @param witnesses the witnesses each checkpoint is submitted to
 * @param maxBatch the most entries sequenced with one fsync
 * @param batchDelay how long the sequencer lingers for more entries once one is waiting
 * @param checkpointInterval the shortest time between two checkpoints
 * @param intakeCapacity the most entries accepted but not yet in a published checkpoint; beyond it, pushback
 * @param witnessTimeout how long a checkpoint waits for each witness before it is published without it
 * @param durable false only for benchmarks that accept losing data on a machine (not process) crash
 */
public record LogSettings(Path directory, String origin, NoteSigner signer, List<WitnessEndpoint> witnesses,
        int maxBatch, Duration batchDelay, Duration checkpointInterval, int intakeCapacity, Duration witnessTimeout,
        boolean durable) {

    public LogSettings {
        witnesses = List.copyOf(witnesses);
        if (!signer.name().equals(origin)) {
            throw new IllegalArgumentException("the signing key is named " + signer.name() + " but the origin is "
                    + origin + "; they must be equal");
        }
        if (maxBatch < 1 || intakeCapacity < maxBatch) {
            throw new IllegalArgumentException("need 1 <= maxBatch <= intakeCapacity, got maxBatch=" + maxBatch
                    + ", intakeCapacity=" + intakeCapacity);
        }
        if (batchDelay.isNegative() || checkpointInterval.isNegative() || witnessTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Defaults tuned on a 2-core machine: see docs/benchmarks/tlog.md. */
    public static LogSettings defaults(Path directory, NoteSigner signer) {
        return new LogSettings(directory, signer.name(), signer, List.of(), 8192, Duration.ofMillis(2),
                Duration.ofMillis(200), 65_536, Duration.ofSeconds(5), true);
    }

    public LogSettings withWitnesses(List<WitnessEndpoint> endpoints) {
        return new LogSettings(directory, origin, signer, endpoints, maxBatch, batchDelay, checkpointInterval,
                intakeCapacity, witnessTimeout, durable);
    }

    public LogSettings withBatching(int maxBatch, Duration batchDelay, Duration checkpointInterval) {
        return new LogSettings(directory, origin, signer, witnesses, maxBatch, batchDelay, checkpointInterval,
                intakeCapacity, witnessTimeout, durable);
    }

    public LogSettings withIntakeCapacity(int capacity) {
        return new LogSettings(directory, origin, signer, witnesses, maxBatch, batchDelay, checkpointInterval,
                capacity, witnessTimeout, durable);
    }

    public LogSettings withDurable(boolean isDurable) {
        return new LogSettings(directory, origin, signer, witnesses, maxBatch, batchDelay, checkpointInterval,
                intakeCapacity, witnessTimeout, isDurable);
    }
}

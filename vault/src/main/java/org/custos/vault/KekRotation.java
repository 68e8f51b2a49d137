package org.custos.vault;

import java.time.Duration;

/**
 * The outcome of a key-encryption-key rotation.
 *
 * @param newKekVersion the version that is now primary
 * @param rewrapped keys (data keys and object keys) rewrapped under it by this run
 * @param alreadyCurrent keys already under it (created or rewrapped concurrently)
 * @param batches database transactions used
 * @param took wall-clock time, from the vault's clock
 */
public record KekRotation(int newKekVersion, long rewrapped, long alreadyCurrent, int batches, Duration took) {
    public KekRotation {
        if (newKekVersion < 1 || rewrapped < 0 || alreadyCurrent < 0 || batches < 0) {
            throw new IllegalArgumentException("impossible rotation counts");
        }
    }
}

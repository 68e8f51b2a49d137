package org.custos.tlog;

import java.net.URI;
import org.custos.tlog.note.KeyType;
import org.custos.tlog.note.VerifierKey;

/**
 * A witness the log submits its checkpoints to: its tlog-witness submission prefix and its cosignature/v1 key.
 */
public record WitnessEndpoint(URI submissionPrefix, VerifierKey key) {

    public WitnessEndpoint {
        if (key.type() != KeyType.COSIGNATURE_V1) {
            throw new IllegalArgumentException("witness key " + key.name() + " is not a cosignature/v1 key");
        }
    }
}

package org.custos.tlog.merkle;

/** A Merkle proof did not verify: the message says which check failed, with the sizes involved. */
public final class ProofException extends Exception {

    public ProofException(String message) {
        super(message);
    }
}

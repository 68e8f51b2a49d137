package org.custos.tlog.note;

/** A signed note is well formed but its signatures do not satisfy the verifier's keys. */
public final class NoteVerificationException extends Exception {

    public NoteVerificationException(String message) {
        super(message);
    }
}

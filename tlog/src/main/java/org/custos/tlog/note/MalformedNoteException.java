package org.custos.tlog.note;

/** Text that should be a signed note, checkpoint, key or receipt does not follow its format. */
public final class MalformedNoteException extends Exception {

    public MalformedNoteException(String message) {
        super(message);
    }

    public MalformedNoteException(String message, Throwable cause) {
        super(message, cause);
    }
}

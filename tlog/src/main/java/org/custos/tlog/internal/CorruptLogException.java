package org.custos.tlog.internal;

/** The log's own files contradict each other; an operator must inspect them before the log can start. */
public final class CorruptLogException extends Exception {

    public CorruptLogException(String message) {
        super(message);
    }
}

package org.custos.server.audit;

/**
 * The transparency log and the relay's recorded progress disagree in a way the relay must not paper over: the log
 * lost entries it had acknowledged (its directory was lost, or restored from an older backup), or it holds events
 * the outbox does not know (another database). Start-up stops; the message says what the operator can do
 * (docs/operations.md, "The transparency log").
 */
public final class LogOutOfStepException extends RuntimeException {

    private final long logLastEvent;
    private final long recordedLastEvent;

    LogOutOfStepException(String message, long logLastEvent, long recordedLastEvent) {
        super(message + " (log's last event " + logLastEvent + ", relay's recorded last event " + recordedLastEvent
                + ")");
        this.logLastEvent = logLastEvent;
        this.recordedLastEvent = recordedLastEvent;
    }

    /** The outbox position of the log's last relayed entry, 0 when it has none. */
    public long logLastEvent() {
        return logLastEvent;
    }

    /** The outbox position the relay had recorded as appended. */
    public long recordedLastEvent() {
        return recordedLastEvent;
    }
}

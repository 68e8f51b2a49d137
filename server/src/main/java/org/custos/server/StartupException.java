package org.custos.server;

/**
 * The server (or a command opening the boundary) could not start: names the start-up step that failed
 * and chains the cause, whose message says what to fix (an unclassified column, a busy port, a wrong
 * master secret). Nothing the step would have served was served.
 */
public final class StartupException extends RuntimeException {

    private final String step;

    public StartupException(String step, Throwable cause) {
        super("start-up failed at step '" + step + "': " + describe(cause), cause);
        this.step = step;
    }

    /** The step that failed, e.g. {@code classify columns}. */
    public String step() {
        return step;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}

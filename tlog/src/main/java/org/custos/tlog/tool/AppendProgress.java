package org.custos.tlog.tool;

import java.io.PrintWriter;

/**
 * How far a long {@code log append} has got, on standard error (standard output carries only the result). On a
 * terminal it redraws one line in place; otherwise it prints a line at each tenth, as the other commands' progress
 * bars do, so that a log file stays short.
 */
final class AppendProgress {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean inPlace;
    private final long total;
    private long lastTenth = -1;
    private boolean saidWaiting;

    AppendProgress(PrintWriter err, boolean inPlace, long total) {
        this.err = err;
        this.inPlace = inPlace;
        this.total = total;
    }

    void update(long done) {
        long tenth = done * 10 / total;
        if (inPlace) {
            err.print("\r" + line(done));
        } else if (tenth != lastTenth) {
            err.println(line(done));
        }
        err.flush();
        lastTenth = tenth;
        saidWaiting = false;
    }

    /** Says that the command is waiting, so that a pause for the log's intake does not look like a hang. */
    void waiting() {
        // Once per pause: a retry that is pushed back again is the same wait.
        if (!inPlace && !saidWaiting) {
            saidWaiting = true;
            err.println("log intake is full; waiting for a checkpoint");
            err.flush();
        }
    }

    void finish() {
        if (inPlace) {
            err.println();
        }
        err.flush();
    }

    String line(long done) {
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        return String.format("append   [%s%s] %3d%% %d/%d", "#".repeat(filled), ".".repeat(WIDTH - filled),
                done * 100 / total, done, total);
    }
}

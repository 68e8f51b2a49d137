package org.custos.cli.population;

import java.io.PrintWriter;

/**
 * A plain-text progress bar on standard error. On a terminal it redraws one line in place; otherwise (a log file,
 * CI) it prints a line at each tenth of a phase, so the output stays short and readable.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean inPlace;
    private String phase = "";
    private long lastTenth = -1;

    ProgressBar(PrintWriter err, boolean inPlace) {
        this.err = err;
        this.inPlace = inPlace;
    }

    /** On {@code err} (the command's standard error), redrawn in place when the process has a console. */
    static ProgressBar on(PrintWriter err) {
        return new ProgressBar(err, System.console() != null);
    }

    synchronized void update(String newPhase, long done, long total) {
        if (!newPhase.equals(phase)) {
            if (inPlace && !phase.isEmpty()) {
                err.println();
            }
            phase = newPhase;
            lastTenth = -1;
        }
        long tenth = total > 0 ? done * 10 / total : 0;
        if (inPlace) {
            err.print("\r" + line(done, total));
            err.flush();
        } else if (tenth != lastTenth || done == total) {
            if (tenth != lastTenth) {
                err.println(line(done, total));
                err.flush();
            }
        }
        lastTenth = tenth;
    }

    /** Ends the in-place line so that what follows starts on a fresh one. */
    synchronized void finish() {
        if (inPlace && !phase.isEmpty()) {
            err.println();
        }
        err.flush();
        phase = "";
    }

    String line(long done, long total) {
        int filled = total > 0 ? (int) Math.min(WIDTH, done * WIDTH / total) : 0;
        String percent = total > 0 ? String.format("%3d%%", done * 100 / total) : "  ?%";
        return String.format("%-8s [%s%s] %s %d/%d", phase, "#".repeat(filled), ".".repeat(WIDTH - filled), percent,
                done, total);
    }
}

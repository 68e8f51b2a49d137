package org.custos.recsys.eval;

import java.io.PrintStream;

/** A one-line progress bar on a terminal stream, redrawn at most every percent. */
final class Progress {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final long total;
    private int shownPercent = -1;

    Progress(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
    }

    void update(long done) {
        int percent = (int) (100 * Math.min(done, total) / total);
        if (percent == shownPercent) {
            return;
        }
        shownPercent = percent;
        int filled = percent * WIDTH / 100;
        out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% "
                + done + "/" + total);
        if (percent == 100) {
            out.println();
        }
        out.flush();
    }
}

package org.custos.release.confine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the engine's stderr to its end and passes a bounded share of it to the custodian's log. The engine writes
 * what it likes there, so: at most {@code linesPerMinute} lines a minute reach the log (the rest are counted, and the
 * count is logged when the minute is over), each line is cut at {@value #MAX_LINE_CHARS} characters and stripped of
 * control and format characters ({@link LogText}), and each is prefixed with the sandbox's validated name under its
 * own logger, so a line can neither flood the log nor pass for the custodian's own. The pipe is always drained, so
 * the engine never blocks on a full stderr.
 */
final class StderrDrain implements Runnable {

    static final int MAX_LINE_CHARS = 400;
    static final int MAX_LINE_BYTES = 4 * MAX_LINE_CHARS;
    static final long MINUTE_NANOS = 60_000_000_000L;
    /** The logger engine lines go to: apart from the sandbox's own, so operators can route or silence it. */
    static final String LOGGER = "org.custos.release.confine.engine";

    private final InputStream in;
    private final String prefix;
    private final int linesPerMinute;
    private final Logger logger;
    private final LongSupplier nanoTime;
    private final AtomicLong dropped = new AtomicLong();
    private long windowStart;
    private int inWindow;
    private long droppedInWindow;

    StderrDrain(InputStream in, String name, int linesPerMinute, Logger logger, LongSupplier nanoTime) {
        this.in = in;
        this.prefix = "engine[" + name + "] ";
        this.linesPerMinute = linesPerMinute;
        this.logger = logger;
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /** Drains {@code in} on a daemon thread named after the sandbox. */
    static Thread start(InputStream in, String name, int linesPerMinute) {
        var drain = new StderrDrain(in, name, linesPerMinute, Logger.getLogger(LOGGER), System::nanoTime);
        var t = Thread.ofPlatform().daemon().name("custos-sandbox-stderr-" + name).unstarted(drain);
        t.start();
        return t;
    }

    /** Lines read but not logged, over the drain's life. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void run() {
        var line = new byte[MAX_LINE_BYTES];
        int length = 0;
        boolean truncated = false;
        var buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(line, length, truncated);
                        length = 0;
                        truncated = false;
                    } else if (length < line.length) {
                        line[length++] = b;
                    } else {
                        truncated = true;
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone and its pipe closed under us: nothing more to read
        }
        if (length > 0 || truncated) {
            emit(line, length, truncated);
        }
        closeWindow();
    }

    private void emit(byte[] line, int length, boolean truncated) {
        long now = nanoTime.getAsLong();
        if (now - windowStart >= MINUTE_NANOS) {
            closeWindow();
            windowStart = now;
        }
        if (inWindow >= linesPerMinute) {
            droppedInWindow++;
            dropped.incrementAndGet();
            return;
        }
        inWindow++;
        var text = LogText.sanitize(new String(line, 0, length, StandardCharsets.UTF_8), MAX_LINE_CHARS);
        if (truncated && !text.endsWith("\u2026")) {
            text += "\u2026";
        }
        logger.log(Level.INFO, prefix + text);
    }

    private void closeWindow() {
        if (droppedInWindow > 0) {
            logger.log(Level.WARNING, prefix + droppedInWindow + " stderr lines dropped (limit " + linesPerMinute
                    + " a minute)");
        }
        inWindow = 0;
        droppedInWindow = 0;
    }
}

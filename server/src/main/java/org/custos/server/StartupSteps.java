package org.custos.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs the named steps of start-up in order, logs each with its duration, and turns a failure into a
 * {@link StartupException} naming the step. The timings are kept for the start-up report.
 */
final class StartupSteps {

    private static final Logger LOG = Logger.getLogger(CustosServer.class.getName());

    private final List<Timing> timings = new ArrayList<>();
    private final long started = System.nanoTime();

    /** A step and how long it took. */
    record Timing(String step, Duration took) {}

    <T> T run(String step, Supplier<T> work) {
        long start = System.nanoTime();
        T result;
        try {
            result = work.get();
        } catch (StartupException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            LOG.severe(() -> "start-up step '" + step + "' failed after " + millis(start) + " ms");
            throw new StartupException(step, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        timings.add(new Timing(step, took));
        LOG.info(() -> "start-up: " + step + " (" + took.toMillis() + " ms)");
        return result;
    }

    void run(String step, Runnable work) {
        run(step, () -> {
            work.run();
            return null;
        });
    }

    Duration total() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    List<Timing> timings() {
        return List.copyOf(timings);
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}

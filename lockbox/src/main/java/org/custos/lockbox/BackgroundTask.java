package org.custos.lockbox;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loop on a virtual thread that runs one step every interval until closed: the notice relay and the expiry
 * sweeper. A failing step is logged and retried at the next interval; the last failure is kept for health checks.
 */
final class BackgroundTask implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackgroundTask.class.getName());

    private final String name;
    private final Duration interval;
    private final Runnable step;
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile boolean running;
    private Thread thread;

    BackgroundTask(String name, Duration interval, Runnable step) {
        this.name = name;
        this.interval = interval;
        this.step = step;
    }

    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " was already started");
        }
        running = true;
        thread = Thread.ofVirtual().name(name).start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                step.run();
                lastFailure.set(null);
            } catch (RuntimeException e) {
                lastFailure.set(e.getClass().getSimpleName());
                LOG.log(System.Logger.Level.WARNING, () -> name + " failed, retrying in " + interval + ": "
                        + e.getClass().getName());
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                // close() interrupts to stop the loop; keep the flag for anything below us.
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Empty when healthy; else why not (not running, or the last step's failure). */
    Optional<String> health() {
        if (!running) {
            return Optional.of(name + " is not running");
        }
        return Optional.ofNullable(lastFailure.get()).map(f -> name + " last failed with " + f);
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

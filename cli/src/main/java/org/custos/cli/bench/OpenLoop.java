package org.custos.cli.bench;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Issues requests at a fixed rate whatever the server does (open loop), each on its own virtual thread, and times
 * every request from the moment it was scheduled, not from when it was sent: when the server stalls, the requests
 * that should have gone out meanwhile are charged with the wait, so coordinated omission cannot hide a stall.
 */
final class OpenLoop {

    private OpenLoop() {
    }

    /**
     * Schedules {@code perSecond × duration} calls of {@code request} (which answers an HTTP status, 0 for an I/O
     * error) evenly over {@code duration}, records them in {@code report} under {@code op} when {@code record}
     * is set, and returns once the last one has answered.
     */
    static Duration run(double perSecond, Duration duration, LoadReport report, Operation op, boolean record,
                        IntSupplier request) {
        long interval = (long) (1_000_000_000L / perSecond);
        long count = Math.max(1, duration.toNanos() / interval);
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < count; i++) {
                long scheduled = start + i * interval;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                threads.execute(() -> {
                    int status = request.getAsInt();
                    if (record) {
                        report.record(op, status, System.nanoTime() - scheduled);
                    }
                });
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }
}

package org.custos.cli.population;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Calls by operation and status (0 = no answer), and time spent per operation; safe from many threads. */
final class Tally {
    private final Map<String, Map<Integer, LongAdder>> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retries = new ConcurrentHashMap<>();

    void retried(String operation) {
        retries.computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    void record(String operation, int status, long elapsedNanos) {
        byStatus.computeIfAbsent(operation, o -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder()).increment();
        nanos.computeIfAbsent(operation, o -> new LongAdder()).add(elapsedNanos);
    }

    int count(String operation, int status) {
        LongAdder n = byStatus.getOrDefault(operation, Map.of()).get(status);
        return n == null ? 0 : n.intValue();
    }

    long succeeded(String operation) {
        return byStatus.getOrDefault(operation, Map.of()).entrySet().stream()
                .filter(e -> e.getKey() >= 200 && e.getKey() < 300).mapToLong(e -> e.getValue().sum()).sum();
    }

    long failed() {
        return byStatus.values().stream().flatMap(m -> m.entrySet().stream())
                .filter(e -> e.getKey() == 0 || e.getKey() >= 300).mapToLong(e -> e.getValue().sum()).sum();
    }

    /** Whether the server asked to slow down (429 or 503 with Retry-After) at least once. */
    boolean waited() {
        return !retries.isEmpty();
    }

    void print(PrintWriter out) {
        out.printf("  %-12s %8s %10s %8s  %s%n", "operation", "ok", "mean ms", "waits", "errors by status");
        for (var entry : new TreeMap<>(byStatus).entrySet()) {
            long all = entry.getValue().values().stream().mapToLong(LongAdder::sum).sum();
            StringBuilder errors = new StringBuilder();
            new TreeMap<>(entry.getValue()).forEach((status, n) -> {
                if (status == 0 || status >= 300) {
                    errors.append(status == 0 ? "no answer" : status).append(": ").append(n.sum()).append("  ");
                }
            });
            LongAdder waits = retries.get(entry.getKey());
            out.printf("  %-12s %8d %10.1f %8d  %s%n", entry.getKey(), succeeded(entry.getKey()),
                    nanos.get(entry.getKey()).sum() / 1e6 / Math.max(1, all), waits == null ? 0 : waits.sum(),
                    errors.toString().strip());
        }
    }
}

package org.custos.cli.bench;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies (HdrHistogram, microseconds, 3 significant digits) and outcomes per operation, recorded
 * concurrently by the virtual users and printed as a table and as JSON.
 */
final class LoadReport {

    private static final long HIGHEST_MICROS = Duration.ofMinutes(2).toNanos() / 1000;

    private final Map<Operation, Recorder> latencies = new EnumMap<>(Operation.class);
    private final Map<Operation, Map<Integer, LongAdder>> statuses = new EnumMap<>(Operation.class);
    private final Map<Operation, Histogram> totals = new EnumMap<>(Operation.class);
    private final List<Operation> operations;

    /** A report on the accounts load's operations. */
    LoadReport() {
        this(Operation.ACCOUNTS);
    }

    /** A report on {@code operations}, printed in that order. */
    LoadReport(List<Operation> operations) {
        this.operations = List.copyOf(operations);
        for (Operation op : this.operations) {
            latencies.put(op, new Recorder(HIGHEST_MICROS, 3));
            statuses.put(op, new ConcurrentHashMap<>());
        }
    }

    /** One completed request; status 0 means the request failed before an HTTP answer (I/O error). */
    void record(Operation op, int status, long nanos) {
        statuses.get(op).computeIfAbsent(status, s -> new LongAdder()).increment();
        if (status >= 200 && status < 300) {
            latencies.get(op).recordValue(Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000)));
        }
    }

    /** Freezes the recorded latencies; call once, after the load stopped. */
    void finish() {
        for (Operation op : operations) {
            totals.put(op, latencies.get(op).getIntervalHistogram());
        }
    }

    List<Operation> operations() {
        return operations;
    }

    long succeeded(Operation op) {
        return totals.get(op).getTotalCount();
    }

    long failed(Operation op) {
        return statuses.get(op).entrySet().stream()
                .filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                .mapToLong(e -> e.getValue().sum())
                .sum();
    }

    String table(Duration measured) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-14s %10s %10s %9s %9s %9s %9s  %s%n",
                "operation", "ok", "ok/s", "p50 ms", "p99 ms", "max ms", "failed", "failures by status"));
        for (Operation op : operations) {
            Histogram h = totals.get(op);
            out.append(String.format(Locale.ROOT, "%-14s %10d %10.1f %9.2f %9.2f %9.2f %9d  %s%n",
                    op.label, h.getTotalCount(), perSecond(h.getTotalCount(), measured),
                    millis(h.getValueAtPercentile(50)), millis(h.getValueAtPercentile(99)), millis(h.getMaxValue()),
                    failed(op), failures(op)));
        }
        return out.toString();
    }

    String json(String url, int users, Duration measured) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "{\"url\":\"%s\",\"users\":%d,\"seconds\":%.3f,\"operations\":{",
                url.replace("\"", ""), users, measured.toMillis() / 1000.0));
        String separator = "";
        for (Operation op : operations) {
            Histogram h = totals.get(op);
            out.append(separator).append(String.format(Locale.ROOT,
                    "\"%s\":{\"request\":\"%s\",\"ok\":%d,\"failed\":%d,\"perSecond\":%.1f,"
                            + "\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f,\"failuresByStatus\":%s}",
                    op.name().toLowerCase(Locale.ROOT), op.request, h.getTotalCount(), failed(op),
                    perSecond(h.getTotalCount(), measured), millis(h.getValueAtPercentile(50)),
                    millis(h.getValueAtPercentile(99)), millis(h.getMaxValue()), failuresJson(op)));
            separator = ",";
        }
        return out.append("}}").toString();
    }

    private Map<Integer, Long> failuresMap(Operation op) {
        Map<Integer, Long> failures = new TreeMap<>();
        statuses.get(op).forEach((status, count) -> {
            if (status < 200 || status >= 300) {
                failures.put(status, count.sum());
            }
        });
        return failures;
    }

    private String failures(Operation op) {
        return failuresMap(op).isEmpty() ? "-" : failuresMap(op).toString();
    }

    private String failuresJson(Operation op) {
        StringBuilder out = new StringBuilder("{");
        String separator = "";
        for (var e : failuresMap(op).entrySet()) {
            out.append(separator).append('"').append(e.getKey()).append("\":").append(e.getValue());
            separator = ",";
        }
        return out.append('}').toString();
    }

    private static double perSecond(long count, Duration measured) {
        return measured.isZero() ? 0 : count * 1000.0 / measured.toMillis();
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}

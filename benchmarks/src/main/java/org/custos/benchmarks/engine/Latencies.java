package org.custos.benchmarks.engine;

import org.HdrHistogram.Histogram;

/** Latencies in nanoseconds (HdrHistogram, 3 significant digits, up to a minute), summarised in microseconds. */
final class Latencies {
    private final Histogram histogram = new Histogram(60_000_000_000L, 3);
    private long failures;

    synchronized void record(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(nanos, histogram.getHighestTrackableValue())));
    }

    synchronized void fail() {
        failures++;
    }

    synchronized Summary summary() {
        return new Summary(histogram.getTotalCount(), failures, micros(histogram.getValueAtPercentile(50)),
                micros(histogram.getValueAtPercentile(99)), micros(histogram.getValueAtPercentile(99.9)),
                micros(histogram.getMaxValue()));
    }

    private static double micros(long nanos) {
        return nanos / 1000.0;
    }

    /** Counts and percentiles; latencies in microseconds. */
    record Summary(long count, long failures, double p50, double p99, double p999, double max) {
    }
}

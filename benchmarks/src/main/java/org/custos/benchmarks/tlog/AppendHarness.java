package org.custos.benchmarks.tlog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.custos.tlog.LogSettings;
import org.custos.tlog.PushbackException;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.note.NoteSigner;

/**
 * Durable append throughput and the time until a checkpoint covers an entry, for the embedded log.
 *
 * <p>After a warm-up (not counted, lets the JIT compile the hot paths), many virtual-thread callers each append one entry at a time (as request handlers would) for a fixed time;
 * every acknowledged entry has been fdatasync'ed. One entry in {@code sample} records its submit time; a watcher
 * notes when the published checkpoint first covers it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.custos.benchmarks.tlog.AppendHarness \
 *     [--seconds 20] [--warmup 5] [--callers 512] [--entry-bytes 120] [--dir /tmp/tlog-bench] [--no-fsync]
 * </pre>
 */
public final class AppendHarness {

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 20);
        int callers = intArg(args, "--callers", 512);
        int entryBytes = intArg(args, "--entry-bytes", 120);
        int warmup = intArg(args, "--warmup", 5);
        int sample = 64;
        boolean scratch = !Arrays.asList(args).contains("--dir");
        Path dir = scratch ? Files.createTempDirectory("tlog-append-bench")
                : Path.of(args[Arrays.asList(args).indexOf("--dir") + 1]);
        NoteSigner signer = NoteSigner.generate("bench.custos.example/log", new SecureRandom());
        LogSettings settings = LogSettings.defaults(dir, signer).withDurable(!Arrays.asList(args).contains("--no-fsync"));
        AtomicLong acked = new AtomicLong();
        AtomicLong pushbacks = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentSkipListMap<Long, Long> submitted = new ConcurrentSkipListMap<>();
        List<Long> ackNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> coverNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        try (TransparencyLog log = TransparencyLog.open(settings)) {
            Thread watcher = Thread.ofPlatform().daemon().start(() -> {
                while (running.get() || !submitted.isEmpty()) {
                    long size = log.health().published();
                    long now = System.nanoTime();
                    for (var e = submitted.firstEntry(); e != null && e.getKey() < size; e = submitted.firstEntry()) {
                        coverNanos.add(now - e.getValue());
                        submitted.remove(e.getKey());
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            });
            if (Arrays.asList(args).contains("--progress")) {
                Thread.ofPlatform().daemon().start(() -> {
                    while (running.get()) {
                        System.out.println("progress " + log.health());
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                });
            }
            long warmupEnd = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
            long start = warmupEnd;
            long end = start + Duration.ofSeconds(seconds).toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                threads.add(Thread.ofVirtual().start(() -> {
                    byte[] entry = new byte[entryBytes];
                    long n = 0;
                    while (System.nanoTime() < end) {
                        entry[0] = (byte) caller;
                        entry[1] = (byte) n++;
                        long t0 = System.nanoTime();
                        try {
                            long index = log.append(entry);
                            long t1 = System.nanoTime();
                            if (t0 < warmupEnd) {
                                continue;
                            }
                            acked.incrementAndGet();
                            if (index % sample == 0) {
                                ackNanos.add(t1 - t0);
                                submitted.put(index, t0);
                            }
                        } catch (PushbackException e) {
                            if (t0 >= warmupEnd) {
                                pushbacks.incrementAndGet();
                            }
                            try {
                                Thread.sleep(e.retryAfter());
                            } catch (InterruptedException ie) {
                                return;
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            double elapsed = (Math.max(System.nanoTime(), start) - start) / 1e9;
            running.set(false);
            watcher.join(10_000);
            System.out.printf("callers=%d entry_bytes=%d warmup=%ds measured=%.1fs cores=%d fsync=%s batch=%d"
                    + " checkpoint_interval=%dms intake=%d%n", callers, entryBytes, warmup, elapsed,
                    Runtime.getRuntime().availableProcessors(), settings.durable(), settings.maxBatch(),
                    settings.checkpointInterval().toMillis(), settings.intakeCapacity());
            System.out.printf("durable appends: %d (%.0f/s), pushbacks: %d%n", acked.get(), acked.get() / elapsed,
                    pushbacks.get());
            System.out.println("append -> acknowledged (durable): " + percentiles(ackNanos));
            System.out.println("append -> covered by published checkpoint: " + percentiles(coverNanos));
            System.out.println("final checkpoint size: " + log.health().published());
        }
        if (scratch) {
            TempDirs.delete(dir);
        }
    }

    static String percentiles(List<Long> nanos) {
        long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (v.length == 0) {
            return "no samples";
        }
        return String.format("n=%d p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms", v.length, v[v.length / 2] / 1e6,
                v[(int) (v.length * 0.9)] / 1e6, v[(int) Math.min(v.length - 1, v.length * 0.99)] / 1e6,
                v[v.length - 1] / 1e6);
    }

    static int intArg(String[] args, String name, int fallback) {
        List<String> list = Arrays.asList(args);
        int at = list.indexOf(name);
        return at >= 0 ? Integer.parseInt(list.get(at + 1)) : fallback;
    }

    private AppendHarness() {}
}

package org.custos.tlog.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gives entries their indices, durably. One platform thread takes waiting requests (lingering up to the batch
 * delay for more, up to the batch size), writes them as one journal record, fdatasyncs it, hands the batch to
 * integration and only then completes the callers' futures. While one fsync runs, the next batch gathers: this is
 * group commit, and it is what turns one fsync per few thousand entries into the log's throughput.
 *
 * <p>If the journal fails, every waiting and later request fails too: the log stops acknowledging rather than
 * guess what reached the disk.
 */
public final class Sequencer implements AutoCloseable {

    private record Request(List<byte[]> entries, CompletableFuture<Long> firstIndex) {}

    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final WriteAheadLog journal;
    private final Consumer<Batch> integration;
    private final int maxBatch;
    private final long lingerNanos;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Throwable failure;

    public Sequencer(WriteAheadLog journal, Consumer<Batch> integration, int maxBatch, Duration linger) {
        this.journal = journal;
        this.integration = integration;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.thread = Thread.ofPlatform().name("tlog-sequencer").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Queues entries; the future completes with the first one's index once all are durable. */
    public CompletableFuture<Long> submit(List<byte[]> entries) {
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (closed || failure != null) {
            future.completeExceptionally(new IOException("sequencer is stopped", failure));
            return future;
        }
        queue.add(new Request(entries, future));
        return future;
    }

    /** Null while healthy; otherwise why the sequencer stopped. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        while (!closed) {
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int count = first.entries.size();
                long deadline = System.nanoTime() + lingerNanos;
                while (count < maxBatch) {
                    Request next = queue.poll();
                    if (next == null) {
                        long wait = deadline - System.nanoTime();
                        if (wait <= 0 || (next = queue.poll(wait, TimeUnit.NANOSECONDS)) == null) {
                            break;
                        }
                    }
                    batch.add(next);
                    count += next.entries.size();
                }
                sequence(batch, count);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                failure = e;
                batch.forEach(r -> r.firstIndex.completeExceptionally(e));
                break;
            } finally {
                batch.clear();
            }
        }
        Throwable reason = failure != null ? failure : new IOException("log closed");
        for (Request r; (r = queue.poll()) != null; ) {
            r.firstIndex.completeExceptionally(reason);
        }
    }

    private void sequence(List<Request> batch, int count) throws IOException {
        List<byte[]> entries = new ArrayList<>(count);
        batch.forEach(r -> entries.addAll(r.entries));
        long first = journal.append(entries);
        integration.accept(new Batch(first, entries));
        long next = first;
        for (Request r : batch) {
            r.firstIndex.complete(next);
            next += r.entries.size();
        }
    }

    @Override
    public void close() throws IOException {
        // No interrupt: it would close the journal's channel under a write in progress.
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.custos.recsys.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.custos.recsys.api.wire.Frame;
import org.custos.recsys.api.wire.FrameCodec;
import org.custos.recsys.api.wire.MalformedFrameException;

/**
 * The host's end of the protocol, over the algorithm process's standard output ({@code fromEngine}) and input
 * ({@code toEngine}). Thread-safe: any number of threads rank at once while another sends facts.
 *
 * <p>Every request gets a fresh number and a future; one reader thread completes them as answers arrive. An
 * answer to a number never issued, of the wrong kind, longer than asked, or any byte that is not a frame is a
 * {@link ProtocolViolationException}: the client then fails every pending future with it, tells the
 * {@code onViolation} listener once, and refuses further work. An answer that arrives after its caller gave up
 * ({@link #rank} with a deadline) is counted in {@link #lateAnswers()} and dropped.
 */
public final class EngineClient implements AutoCloseable {

    private enum Kind { RANK, SNAPSHOT, RESTORE, SYNC, TELEMETRY }

    private record Pending(Kind kind, CompletableFuture<Object> future, int maxVideos, OutputStream sink) {
    }

    private final InputStream in;
    private final OutputStream out;
    private final FrameTap tap;
    private final Consumer<ProtocolViolationException> onViolation;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicReference<ProtocolViolationException> violation = new AtomicReference<>();
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private final Thread reader;
    private volatile boolean closing;

    /**
     * Starts reading {@code fromEngine} on a daemon thread named after {@code name}; call {@link #handshake}
     * next.
     */
    public EngineClient(String name, InputStream fromEngine, OutputStream toEngine, FrameTap tap,
                        Consumer<ProtocolViolationException> onViolation) {
        this.in = new BufferedInputStream(fromEngine, 1 << 16);
        this.out = new BufferedOutputStream(toEngine, 1 << 16);
        this.tap = tap;
        this.onViolation = onViolation;
        this.reader = Thread.ofPlatform().name("engine-reader-" + name).daemon().start(this::read);
    }

    /**
     * Says hello and waits for the algorithm to be ready.
     *
     * @throws ProtocolViolationException if it speaks another version or breaks the protocol
     * @throws TimeoutException if it is not ready within {@code timeout}
     */
    public void handshake(Duration timeout) throws TimeoutException, IOException, InterruptedException {
        write(FrameCodec.encode(new Frame.Hello(Protocol.VERSION)), true);
        try {
            int version = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (version != Protocol.VERSION) {
                throw fail(new ProtocolViolationException(ProtocolViolationException.Reason.WRONG_VERSION,
                        "the algorithm speaks protocol " + version + ", the host " + Protocol.VERSION));
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ProtocolViolationException v) {
                throw v;
            }
            throw new IOException("the algorithm did not become ready", e.getCause());
        }
    }

    /** Sends facts in order (in frames of at most {@value Protocol#MAX_FACTS_PER_FRAME}), flushed on return. */
    public void send(List<Fact> facts) throws IOException {
        requireHealthy();
        for (int from = 0; from < facts.size(); from += Protocol.MAX_FACTS_PER_FRAME) {
            List<Fact> part = facts.subList(from, Math.min(facts.size(), from + Protocol.MAX_FACTS_PER_FRAME));
            write(FrameCodec.encode(new Frame.Facts(part)), from + part.size() >= facts.size());
        }
    }

    /**
     * Asks for a ranking; the future completes with the answer (at most {@code query.count()} videos), or
     * exceptionally with a {@link ProtocolViolationException}, a failure inside the algorithm
     * ({@link AlgorithmFailedException}) or, after {@code deadline}, a {@link TimeoutException}.
     */
    public CompletableFuture<List<RankedVideo>> rank(RankQuery query, Duration deadline) {
        long id = requests.incrementAndGet();
        CompletableFuture<Object> future = register(id, new Pending(Kind.RANK, new CompletableFuture<>(),
                query.count(), null));
        if (!future.isDone()) {
            try {
                write(FrameCodec.encode(new Frame.Rank(id, query)), true);
            } catch (IOException e) {
                future.completeExceptionally(e);
            }
        }
        future.orTimeout(deadline.toNanos(), TimeUnit.NANOSECONDS)
                .whenComplete((value, error) -> pending.remove(id));
        @SuppressWarnings("unchecked")
        CompletableFuture<List<RankedVideo>> typed = (CompletableFuture<List<RankedVideo>>) (Object) future;
        return typed;
    }

    /** Asks for a snapshot; its bytes are written to {@code sink} (by the reader thread) before the lineage. */
    public CompletableFuture<Lineage> snapshot(OutputStream sink) throws IOException {
        long id = requests.incrementAndGet();
        CompletableFuture<Object> future = register(id, new Pending(Kind.SNAPSHOT, new CompletableFuture<>(), 0,
                sink));
        write(FrameCodec.encode(new Frame.Snapshot(id)), true);
        return future.thenApply(Lineage.class::cast);
    }

    /** Sends a snapshot for the algorithm to restore, read from {@code source} to its end. */
    public CompletableFuture<Lineage> restore(InputStream source) throws IOException {
        long id = requests.incrementAndGet();
        CompletableFuture<Object> future = register(id, new Pending(Kind.RESTORE, new CompletableFuture<>(), 0,
                null));
        byte[] buffer = new byte[Protocol.MAX_CHUNK];
        int n;
        while ((n = source.readNBytes(buffer, 0, buffer.length)) > 0) {
            write(FrameCodec.encode(new Frame.RestoreChunk(id, java.util.Arrays.copyOf(buffer, n))), false);
        }
        write(FrameCodec.encode(new Frame.RestoreEnd(id)), true);
        return future.thenApply(Lineage.class::cast);
    }

    /** Completes with the count of facts learnt once every fact sent before this call was learnt. */
    public CompletableFuture<Long> sync() throws IOException {
        long id = requests.incrementAndGet();
        CompletableFuture<Object> future = register(id, new Pending(Kind.SYNC, new CompletableFuture<>(), 0, null));
        write(FrameCodec.encode(new Frame.Sync(id)), true);
        return future.thenApply(Long.class::cast);
    }

    public CompletableFuture<Telemetry> telemetry() throws IOException {
        long id = requests.incrementAndGet();
        CompletableFuture<Object> future = register(id, new Pending(Kind.TELEMETRY, new CompletableFuture<>(), 0,
                null));
        write(FrameCodec.encode(new Frame.TelemetryRequest(id)), true);
        return future.thenApply(Telemetry.class::cast);
    }

    /** The violation that ended this connection, if one did. */
    public Optional<ProtocolViolationException> violation() {
        return Optional.ofNullable(violation.get());
    }

    /** Answers that arrived after their caller stopped waiting. */
    public long lateAnswers() {
        return late.get();
    }

    /** Says bye (the algorithm finishes what it holds and exits) and stops reading. */
    @Override
    public void close() {
        closing = true;
        try {
            write(FrameCodec.encode(new Frame.Bye()), true);
        } catch (IOException | RuntimeException ignored) {
            // already gone
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // already gone
        }
        pending.values().forEach(p -> p.future().completeExceptionally(new IOException("the connection closed")));
    }

    /** Waits up to {@code timeout} for the reader to see the algorithm's end of stream. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return reader.join(timeout);
    }

    private CompletableFuture<Object> register(long id, Pending request) {
        ProtocolViolationException dead = violation.get();
        if (dead != null) {
            request.future().completeExceptionally(dead);
            return request.future();
        }
        pending.put(id, request);
        return request.future();
    }

    private void requireHealthy() {
        ProtocolViolationException dead = violation.get();
        if (dead != null) {
            throw dead;
        }
    }

    private void write(byte[] frame, boolean flush) throws IOException {
        requireHealthy();
        synchronized (out) {
            out.write(frame);
            if (flush) {
                out.flush();
            }
        }
        tap.frame(true, frame);
    }

    private void read() {
        try {
            byte[] raw;
            while ((raw = FrameCodec.read(in, Protocol.MAX_FRAME)) != null) {
                tap.frame(false, raw);
                dispatch(FrameCodec.decodeFromEngine(raw));
            }
            if (!closing) {
                fail(new ProtocolViolationException(ProtocolViolationException.Reason.CLOSED,
                        "the algorithm closed its output"));
            }
        } catch (MalformedFrameException e) {
            fail(new ProtocolViolationException(e.kind() == MalformedFrameException.Kind.OVERSIZED
                    ? ProtocolViolationException.Reason.OVERSIZED_FRAME
                    : ProtocolViolationException.Reason.MALFORMED_FRAME, e.getMessage(), e));
        } catch (IOException e) {
            if (!closing) {
                fail(new ProtocolViolationException(ProtocolViolationException.Reason.CLOSED,
                        "reading from the algorithm failed: " + e.getMessage(), e));
            }
        } catch (ProtocolViolationException e) {
            fail(e);
        }
        if (closing) {
            pending.values().forEach(p -> p.future().completeExceptionally(new IOException("the connection closed")));
        }
    }

    private void dispatch(Frame.FromEngine frame) throws IOException {
        if (frame instanceof Frame.Ready r) {
            if (!ready.complete(r.version())) {
                throw unexpected("a second ready");
            }
            return;
        }
        Pending request = frame instanceof Frame.SnapshotChunk ? pending.get(frame.request())
                : pending.remove(frame.request());
        if (request == null) {
            if (frame.request() > 0 && frame.request() <= requests.get()) {
                late.incrementAndGet(); // its caller gave up waiting
                return;
            }
            throw unexpected("an answer to request " + frame.request() + ", which was never made");
        }
        try {
            answer(request, frame);
        } catch (ProtocolViolationException v) {
            pending.put(frame.request(), request); // so that the violation fails its caller too
            throw v;
        }
    }

    private void answer(Pending request, Frame.FromEngine frame) throws IOException {
        switch (frame) {
            case Frame.Ranked r when request.kind() == Kind.RANK -> {
                if (r.videos().size() > request.maxVideos()) {
                    throw new ProtocolViolationException(ProtocolViolationException.Reason.OVERLONG_ANSWER,
                            "an answer of " + r.videos().size() + " videos to a request for " + request.maxVideos());
                }
                request.future().complete(r.videos());
            }
            case Frame.SnapshotChunk c when request.kind() == Kind.SNAPSHOT -> request.sink().write(c.bytes());
            case Frame.SnapshotEnd e when request.kind() == Kind.SNAPSHOT -> request.future().complete(e.lineage());
            case Frame.Restored r when request.kind() == Kind.RESTORE -> request.future().complete(r.lineage());
            case Frame.Synced s when request.kind() == Kind.SYNC -> request.future().complete(s.factsLearnt());
            case Frame.TelemetryReport t when request.kind() == Kind.TELEMETRY ->
                    request.future().complete(t.telemetry());
            case Frame.Failed f -> request.future().completeExceptionally(new AlgorithmFailedException(f.code()));
            default -> throw unexpected("a " + frame.getClass().getSimpleName() + " answering a "
                    + request.kind().name().toLowerCase(java.util.Locale.ROOT) + " request");
        }
    }

    private static ProtocolViolationException unexpected(String what) {
        return new ProtocolViolationException(ProtocolViolationException.Reason.UNEXPECTED_ANSWER,
                "the algorithm sent " + what);
    }

    private ProtocolViolationException fail(ProtocolViolationException e) {
        if (violation.compareAndSet(null, e)) {
            // The listener first: whoever waits on a future learns of the violation only after it was handled.
            onViolation.accept(e);
            ready.completeExceptionally(e);
            List<Pending> all = new ArrayList<>(pending.values());
            pending.clear();
            all.forEach(p -> p.future().completeExceptionally(e));
        }
        return violation.get();
    }
}

package org.custos.recsys.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.custos.recsys.api.wire.Frame;
import org.custos.recsys.api.wire.FrameCodec;
import org.custos.recsys.api.wire.MalformedFrameException;

/**
 * The algorithm's end of the protocol: reads the host's frames from {@code in}, drives an {@link Algorithm}, and
 * writes its answers to {@code out}. An algorithm bundle's {@code main} is typically one line:
 * {@code System.exit(EngineServer.serve(new MyAlgorithm(), System.in, System.out))}; logging goes to standard
 * error, never standard output, which carries only frames.
 *
 * <p>Threads: the calling thread reads frames. Facts, snapshots, restores and syncs go, in order, to one learner
 * thread (consecutive facts frames are merged into one {@link Algorithm#learn} call, which is what lets training
 * keep up with a fast host). Rankings and telemetry run on a small pool, so they never wait behind learning. Every
 * answer is written whole under one lock and flushed at once.
 */
public final class EngineServer {

    private static final Logger LOG = Logger.getLogger(EngineServer.class.getName());
    /** Exit statuses of {@link #serve}. */
    public static final int EXIT_OK = 0, EXIT_BROKEN_HOST = 2, EXIT_ALGORITHM_FAILED = 3;
    private static final int MERGED_FACTS = 16_384;
    private static final Object END = new Object();

    private final Algorithm algorithm;
    private final OutputStream out;
    private final BlockingQueue<Object> ordered = new LinkedBlockingQueue<>(1_024);
    private final ExecutorService requests;
    private volatile int status = EXIT_OK;
    private long factsLearnt;
    private ChunkInput restoring;

    private EngineServer(Algorithm algorithm, OutputStream out, int requestThreads) {
        this.algorithm = algorithm;
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.requests = Executors.newFixedThreadPool(requestThreads, Thread.ofPlatform().name("engine-rank-", 0)
                .daemon().factory());
    }

    /**
     * Serves {@code algorithm} until the host says bye or closes the stream; returns the exit status:
     * {@link #EXIT_OK}, {@link #EXIT_BROKEN_HOST} (the host sent bytes that are not this protocol) or
     * {@link #EXIT_ALGORITHM_FAILED} (learning threw). Closes the algorithm before returning.
     */
    public static int serve(Algorithm algorithm, InputStream in, OutputStream out) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        EngineServer server = new EngineServer(algorithm, out, threads);
        return server.run(new BufferedInputStream(in, 1 << 16));
    }

    private final java.util.concurrent.CompletableFuture<Integer> finished = new java.util.concurrent.CompletableFuture<>();

    /**
     * Reading runs on its own daemon thread so that a failure while learning ends {@link #serve} at once, even while
     * the reader is blocked on the host's next frame (the process then exits and the host sees end of stream).
     */
    private int run(InputStream in) {
        Thread learner = Thread.ofPlatform().name("engine-learner").start(this::learn);
        Thread.ofPlatform().name("engine-reader").daemon().start(() -> finished.complete(read(in, learner)));
        int exit = finished.join();
        return exit;
    }

    private int read(InputStream in, Thread learner) {
        try {
            byte[] raw = FrameCodec.read(in, Protocol.MAX_FRAME);
            if (raw == null || !(FrameCodec.decodeToEngine(raw) instanceof Frame.Hello hello)) {
                LOG.severe("the host did not open with hello");
                return stop(learner, EXIT_BROKEN_HOST);
            }
            if (hello.version() != Protocol.VERSION) {
                LOG.severe("the host speaks protocol " + hello.version() + ", this algorithm " + Protocol.VERSION);
                return stop(learner, EXIT_BROKEN_HOST);
            }
            write(new Frame.Ready(Protocol.VERSION));
            while (status == EXIT_OK) {
                raw = FrameCodec.read(in, Protocol.MAX_FRAME);
                if (raw == null) {
                    break;
                }
                Frame.ToEngine frame = FrameCodec.decodeToEngine(raw);
                switch (frame) {
                    case Frame.Hello h -> throw new MalformedFrameException(MalformedFrameException.Kind.MALFORMED,
                            "a second hello");
                    case Frame.Facts f -> enqueue(f);
                    case Frame.Snapshot s -> enqueue(s);
                    case Frame.Sync s -> enqueue(s);
                    case Frame.RestoreChunk c -> {
                        if (restoring == null) {
                            restoring = new ChunkInput(c.request());
                            enqueue(restoring);
                        }
                        restoring.add(c.bytes());
                    }
                    case Frame.RestoreEnd e -> {
                        if (restoring == null) {
                            restoring = new ChunkInput(e.request());
                            enqueue(restoring);
                        }
                        restoring.finish();
                        restoring = null;
                    }
                    case Frame.Rank r -> requests.execute(() -> rank(r));
                    case Frame.TelemetryRequest t -> requests.execute(() -> telemetry(t));
                    case Frame.Bye b -> {
                        return stop(learner, status);
                    }
                }
            }
            return stop(learner, status);
        } catch (MalformedFrameException e) {
            LOG.severe("the host sent a malformed frame: " + e.getMessage());
            return stop(learner, EXIT_BROKEN_HOST);
        } catch (IOException e) {
            LOG.severe("reading from the host failed: " + e);
            return stop(learner, EXIT_BROKEN_HOST);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stop(learner, EXIT_BROKEN_HOST);
        }
    }

    private void enqueue(Object work) throws InterruptedException {
        while (!ordered.offer(work, 100, TimeUnit.MILLISECONDS)) {
            if (status != EXIT_OK) {
                return;
            }
        }
    }

    private int stop(Thread learner, int exit) {
        if (restoring != null) {
            restoring.finish();
        }
        try {
            while (learner.isAlive() && !ordered.offer(END, 100, TimeUnit.MILLISECONDS)) {
                // the learner is busy; it takes END once it has done what is queued
            }
            learner.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        requests.shutdown();
        try {
            requests.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            algorithm.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the algorithm failed", e);
        }
        synchronized (out) {
            try {
                out.flush();
            } catch (IOException ignored) {
                // the host is gone; nothing is left to tell it
            }
        }
        return status != EXIT_OK ? status : exit;
    }

    private void learn() {
        List<Fact> batch = new ArrayList<>();
        try {
            while (true) {
                Object work = ordered.take();
                if (work == END) {
                    return;
                }
                if (work instanceof Frame.Facts facts) {
                    batch.addAll(facts.facts());
                    while (batch.size() < MERGED_FACTS && ordered.peek() instanceof Frame.Facts more) {
                        batch.addAll(more.facts());
                        ordered.poll();
                    }
                    algorithm.learn(batch);
                    factsLearnt += batch.size();
                    batch.clear();
                } else if (work instanceof Frame.Sync sync) {
                    write(new Frame.Synced(sync.request(), factsLearnt));
                } else if (work instanceof Frame.Snapshot snapshot) {
                    snapshot(snapshot.request());
                } else if (work instanceof ChunkInput input) {
                    restore(input);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "the algorithm failed while learning; stopping", e);
            status = EXIT_ALGORITHM_FAILED;
            synchronized (out) {
                try {
                    out.flush();
                    out.close();
                } catch (IOException ignored) {
                    // the host is gone
                }
            }
            try {
                algorithm.close();
            } catch (RuntimeException closing) {
                LOG.log(Level.WARNING, "closing the algorithm failed", closing);
            }
            finished.complete(EXIT_ALGORITHM_FAILED);
        }
    }

    private void snapshot(long request) {
        try (ChunkOutput chunks = new ChunkOutput(request)) {
            Lineage lineage = algorithm.writeSnapshot(chunks);
            chunks.flushChunk();
            write(new Frame.SnapshotEnd(request, lineage));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the snapshot failed", e);
            write(new Frame.Failed(request, Frame.Failed.SNAPSHOT));
        }
    }

    private void restore(ChunkInput input) {
        try {
            Lineage lineage = algorithm.restore(input);
            input.drain();
            write(new Frame.Restored(input.request, lineage));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the restore failed", e);
            input.drain();
            write(new Frame.Failed(input.request, Frame.Failed.RESTORE));
        }
    }

    private void rank(Frame.Rank request) {
        try {
            List<RankedVideo> videos = algorithm.rank(request.query());
            if (videos.size() > request.query().count()) {
                videos = videos.subList(0, request.query().count());
            }
            write(new Frame.Ranked(request.request(), videos));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ranking failed", e);
            write(new Frame.Failed(request.request(), Frame.Failed.RANK));
        }
    }

    private void telemetry(Frame.TelemetryRequest request) {
        try {
            write(new Frame.TelemetryReport(request.request(), algorithm.telemetry()));
        } catch (RuntimeException e) {
            write(new Frame.Failed(request.request(), Frame.Failed.TELEMETRY));
        }
    }

    private void write(Frame.FromEngine frame) {
        writeFrame(FrameCodec.encode(frame), true);
    }

    private void writeFrame(byte[] bytes, boolean flush) {
        synchronized (out) {
            try {
                out.write(bytes);
                if (flush) {
                    out.flush();
                }
            } catch (IOException e) {
                // The host stopped reading: it is stopping or it killed us. Stop serving.
                status = status == EXIT_OK ? EXIT_BROKEN_HOST : status;
            }
        }
    }

    /** Snapshot bytes cut into chunk frames as the algorithm writes them. */
    private final class ChunkOutput extends OutputStream {
        private final long request;
        private final byte[] buffer = new byte[Protocol.MAX_CHUNK];
        private int filled;

        ChunkOutput(long request) {
            this.request = request;
        }

        @Override
        public void write(int b) {
            if (filled == buffer.length) {
                flushChunk();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            while (length > 0) {
                if (filled == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        void flushChunk() {
            if (filled > 0) {
                writeFrame(FrameCodec.encode(new Frame.SnapshotChunk(request, java.util.Arrays.copyOf(buffer,
                        filled))), false);
                filled = 0;
            }
        }
    }

    /** Restore chunks handed from the reading thread to the learner as a stream. */
    private static final class ChunkInput extends InputStream {
        private static final byte[] EOF = new byte[0];
        private final long request;
        private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
        private byte[] current = new byte[0];
        private int position;
        private boolean ended;

        ChunkInput(long request) {
            this.request = request;
        }

        void add(byte[] chunk) throws InterruptedException {
            chunks.put(chunk);
        }

        void finish() {
            try {
                chunks.put(EOF);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (ended) {
                    return -1;
                }
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while restoring", e);
                }
                position = 0;
                if (current == EOF) {
                    ended = true;
                    return -1;
                }
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, into, offset, n);
            position += n;
            return n;
        }

        /** Reads what the algorithm left unread, so the reading thread never blocks on a full queue. */
        void drain() {
            try {
                while (read(new byte[8192], 0, 8192) >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // interrupted: the server is stopping
            }
        }
    }
}

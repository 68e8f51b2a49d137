package org.custos.tlog;

import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.custos.tlog.internal.Batch;
import org.custos.tlog.internal.CorruptLogException;
import org.custos.tlog.internal.Integrator;
import org.custos.tlog.internal.LogRoutes;
import org.custos.tlog.internal.Sequencer;
import org.custos.tlog.internal.WriteAheadLog;
import org.custos.tlog.merkle.MerkleProofs;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.MalformedNoteException;
import org.custos.tlog.note.NoteVerificationException;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.proof.LogReceipt;
import org.custos.tlog.storage.FileLogStore;
import org.custos.tlog.storage.LogStore;
import org.custos.tlog.tiles.EntryBundle;
import org.custos.tlog.tiles.TileCache;
import org.custos.tlog.tiles.TileCoordinate;
import org.custos.tlog.tiles.TileLayout;
import org.custos.tlog.tiles.TiledTree;
import org.custos.tlog.tiles.TreeBuilder;
import org.custos.tlog.witness.WitnessClient;

/**
 * An append-only, tiled transparency log (C2SP tlog-tiles) with signed and cosigned checkpoints.
 *
 * <p>Contract: {@link #append} and {@link #appendAll} MUST NOT return before their entries are durably sequenced;
 * the returned index is never given to another entry, even across crashes. A checkpoint covering an index is
 * published within about the checkpoint interval; every published checkpoint is consistent with every earlier one.
 * When more than {@link LogSettings#intakeCapacity()} entries are waiting for a checkpoint, appends fail fast with
 * {@link PushbackException} and nothing of the call is kept.
 *
 * <p>Thread-safe; callers may append from any number of (virtual) threads.
 */
public final class TransparencyLog implements AutoCloseable {

    private final LogSettings settings;
    private final LogStore store;
    private final WriteAheadLog journal;
    private final Integrator integrator;
    private final Sequencer sequencer;
    private final AtomicLong pending = new AtomicLong();
    private final TileCache proofTiles = new TileCache(1024);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition published = lock.newCondition();

    private TransparencyLog(LogSettings settings, LogStore store, WriteAheadLog journal, TreeBuilder tree,
            SignedNote checkpoint) {
        this.settings = settings;
        this.store = store;
        this.journal = journal;
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.witnessTimeout()).build();
        List<WitnessClient> witnesses = settings.witnesses().stream()
                .map(w -> new WitnessClient(w.submissionPrefix(), w.key(), http, settings.witnessTimeout())).toList();
        this.integrator = new Integrator(store, settings.signer(), witnesses, settings.witnessTimeout(), journal, tree,
                Optional.ofNullable(checkpoint), settings.checkpointInterval(), this::onPublished);
        this.sequencer = new Sequencer(journal, integrator::accept, settings.maxBatch(), settings.batchDelay());
    }

    /**
     * Opens the log in {@code settings.directory()}, creating it if empty. Entries that were sequenced before a crash
     * but not yet published are integrated and published before this returns.
     */
    public static TransparencyLog open(LogSettings settings) throws IOException, CorruptLogException {
        LogStore store = new FileLogStore(settings.directory(), settings.durable());
        SignedNote checkpoint = null;
        long size = 0;
        Optional<byte[]> stored = store.read("checkpoint");
        if (stored.isPresent()) {
            try {
                checkpoint = SignedNote.parse(stored.get());
                checkpoint.verify(List.of(settings.signer().verifierKey()));
                Checkpoint body = Checkpoint.of(checkpoint);
                if (!body.origin().equals(settings.origin())) {
                    throw new CorruptLogException("the log in " + settings.directory() + " has origin " + body.origin()
                            + ", not " + settings.origin());
                }
                size = body.size();
            } catch (MalformedNoteException | NoteVerificationException e) {
                throw new CorruptLogException("the checkpoint in " + settings.directory()
                        + " is not signed by this log's key: " + e.getMessage());
            }
        }
        TreeBuilder tree = TreeBuilder.resume(size, store.tileReader());
        if (checkpoint != null && !java.util.Arrays.equals(tree.rootHash(), Checkpoint.ofUnchecked(checkpoint).rootHash())) {
            throw new CorruptLogException("the partial tiles of size " + size + " do not hash to the checkpoint's root");
        }
        List<byte[]> recovered = new ArrayList<>();
        WriteAheadLog journal = WriteAheadLog.open(settings.directory().resolve(".sequence"), size, 64L << 20, recovered);
        TransparencyLog log = new TransparencyLog(settings, store, journal, tree, checkpoint);
        try {
            if (checkpoint == null || !recovered.isEmpty()) {
                log.pending.addAndGet(recovered.size());
                log.integrator.integrate(List.of(new Batch(size, recovered)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while recovering the log", e);
        }
        log.integrator.start();
        log.sequencer.start();
        return log;
    }

    /** Appends one entry (at most 65,535 bytes) and returns its index once it is durable. */
    public long append(byte[] entry) throws PushbackException, InterruptedException {
        return appendAll(List.of(entry));
    }

    /** Appends entries at consecutive indices and returns the first once all are durable. */
    public long appendAll(List<byte[]> entries) throws PushbackException, InterruptedException {
        List<byte[]> copies = new ArrayList<>(entries.size());
        for (byte[] entry : entries) {
            if (entry.length > EntryBundle.MAX_ENTRY_SIZE) {
                throw new IllegalArgumentException("entry of " + entry.length + " bytes exceeds 65535");
            }
            copies.add(entry.clone());
        }
        if (copies.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        if (integrator.failure() != null) {
            throw new LogUnavailableException("the log stopped integrating; restart it to recover",
                    integrator.failure());
        }
        long now = pending.addAndGet(copies.size());
        if (now > settings.intakeCapacity()) {
            pending.addAndGet(-copies.size());
            Duration retry = settings.checkpointInterval().multipliedBy(2).plusMillis(100);
            throw new PushbackException(now - copies.size(), settings.intakeCapacity(), retry);
        }
        try {
            return sequencer.submit(copies).get();
        } catch (ExecutionException e) {
            throw new LogUnavailableException("the log could not sequence the entries", e.getCause());
        }
    }

    /** Waits until a published checkpoint covers {@code index} and returns that checkpoint. */
    public SignedNote awaitCheckpoint(long index, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (publishedSize() <= index) {
                if (integrator.failure() != null) {
                    throw new LogUnavailableException("the log stopped integrating", integrator.failure());
                }
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    throw new TimeoutException("no checkpoint covers index " + index + " after " + timeout
                            + " (published size " + publishedSize() + ")");
                }
                published.awaitNanos(Math.min(wait, 100_000_000L));
            }
            return integrator.checkpoint();
        } finally {
            lock.unlock();
        }
    }

    /** The last published checkpoint, with the log's signature and any cosignatures. */
    public SignedNote currentCheckpoint() {
        return integrator.checkpoint();
    }

    /** The C2SP tlog-proof receipt of entry {@code index} against the current checkpoint. */
    public byte[] receipt(long index) {
        SignedNote checkpoint = integrator.checkpoint();
        long size = Checkpoint.ofUnchecked(checkpoint).size();
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("entry " + index + " is not covered by the checkpoint of size " + size);
        }
        List<byte[]> proof = MerkleProofs.inclusionProof(new TiledTree(store.tileReader(), size, proofTiles), index, size);
        return new LogReceipt(index, proof, checkpoint, Optional.empty()).encode().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The published entries at indices {@code [start, start + count)}, read back from the entry bundles, for
     * consumers that recover their position from the log's own tail (every entry sequenced before {@link #open}
     * returned is published by then).
     *
     * @throws IllegalArgumentException if the range is not covered by the current checkpoint
     */
    public List<byte[]> entries(long start, int count) throws IOException {
        long size = Checkpoint.ofUnchecked(integrator.checkpoint()).size();
        if (start < 0 || count < 0 || start + count > size) {
            throw new IllegalArgumentException("entries [" + start + ", " + (start + count)
                    + ") are not all covered by the checkpoint of size " + size);
        }
        List<byte[]> out = new ArrayList<>(count);
        long next = start;
        while (next < start + count) {
            long bundle = next / TileCoordinate.FULL_WIDTH;
            int width = TileLayout.width(0, bundle, size);
            TileCoordinate coordinate = new TileCoordinate(TileCoordinate.ENTRIES, bundle, width);
            List<byte[]> entries = EntryBundle.decode(store.read(coordinate.path()).orElseThrow(
                    () -> new IOException("entry bundle " + coordinate.path() + " is missing from the log")));
            int from = (int) (next - bundle * TileCoordinate.FULL_WIDTH);
            int to = (int) Math.min(entries.size(), start + count - bundle * TileCoordinate.FULL_WIDTH);
            out.addAll(entries.subList(from, to));
            next = bundle * TileCoordinate.FULL_WIDTH + to;
        }
        return out;
    }

    /** Mounts the read API ({@code /checkpoint}, {@code /tile/...}) and, if asked, {@code POST /add}. */
    public void mount(HttpRouting.Builder routing, boolean acceptAppends) {
        LogRoutes routes = new LogRoutes(store);
        routes.register(routing);
        if (acceptAppends) {
            routing.post("/add", (req, res) -> LogRoutes.handleAppend(this::append, req, res));
        }
    }

    public LogHealth health() {
        Throwable problem = sequencer.failure() != null ? sequencer.failure() : integrator.failure();
        return new LogHealth(problem == null, journal.nextIndex(), publishedSize(), pending.get(),
                Optional.ofNullable(problem).map(p -> p.getClass().getSimpleName() + ": " + p.getMessage()));
    }

    private long publishedSize() {
        return integrator.publishedSize();
    }

    private void onPublished(long integrated) {
        pending.addAndGet(-integrated);
        lock.lock();
        try {
            published.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking entries, lets the sequencer and integrator finish what they hold, and closes the files. */
    @Override
    public void close() throws IOException {
        sequencer.close();
        integrator.close();
        journal.close();
        store.close();
    }
}

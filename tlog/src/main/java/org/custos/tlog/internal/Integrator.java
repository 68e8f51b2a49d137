package org.custos.tlog.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.custos.tlog.merkle.MerkleProofs;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.NoteSignature;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.storage.LogStore;
import org.custos.tlog.tiles.Tile;
import org.custos.tlog.tiles.TileCoordinate;
import org.custos.tlog.tiles.TiledTree;
import org.custos.tlog.tiles.TreeBuilder;
import org.custos.tlog.witness.WitnessClient;

/**
 * Turns sequenced batches into tiles and checkpoints. Each round, on one platform thread:
 *
 * <ol>
 *   <li>waits for sequenced entries, then for the checkpoint interval since the last publication;</li>
 *   <li>appends every waiting entry to the tree, writing full tiles and bundles as they fill, then the partial
 *       tiles of the new size, and syncs them;</li>
 *   <li>signs the checkpoint, asks the witnesses for cosignatures (in parallel, each bounded by a timeout);</li>
 *   <li>writes and syncs {@code checkpoint}: only now is the new size published;</li>
 *   <li>drops journal segments and partial tiles that the published checkpoint makes redundant.</li>
 * </ol>
 *
 * <p>The tree only ever grows from the last published size, so every checkpoint extends the previous one. A failed
 * write stops the integrator; the journal still holds every sequenced entry, and a restart resumes from the last
 * published checkpoint.
 */
public final class Integrator implements AutoCloseable {

    private static final int WRITERS = 64;

    private final LinkedBlockingQueue<Batch> pending = new LinkedBlockingQueue<>();
    private final LogStore store;
    private final NoteSigner signer;
    private final List<WitnessClient> witnesses;
    private final Duration witnessTimeout;
    private final WriteAheadLog journal;
    private final TreeBuilder tree;
    private final long intervalNanos;
    private final LongConsumer published;
    private final Thread thread;
    private final java.util.concurrent.ExecutorService writers = Executors.newFixedThreadPool(WRITERS,
            Thread.ofPlatform().name("tlog-tile-writer-", 0).daemon().factory());
    private volatile SignedNote checkpoint;
    private volatile long publishedSize;
    private volatile boolean closed;
    private volatile Throwable failure;
    private long lastPublished;

    public Integrator(LogStore store, NoteSigner signer, List<WitnessClient> witnesses, Duration witnessTimeout,
            WriteAheadLog journal, TreeBuilder tree, Optional<SignedNote> checkpoint, Duration interval,
            LongConsumer published) {
        this.store = store;
        this.signer = signer;
        this.witnesses = List.copyOf(witnesses);
        this.witnessTimeout = witnessTimeout;
        this.journal = journal;
        this.tree = tree;
        this.checkpoint = checkpoint.orElse(null);
        this.publishedSize = checkpoint.map(c -> Checkpoint.ofUnchecked(c).size()).orElse(0L);
        this.intervalNanos = interval.toNanos();
        this.published = published;
        this.thread = Thread.ofPlatform().name("tlog-integrator").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public void accept(Batch batch) {
        pending.add(batch);
    }

    /** The last published checkpoint. */
    public SignedNote checkpoint() {
        return checkpoint;
    }

    /** The size of the last published checkpoint. */
    public long publishedSize() {
        return publishedSize;
    }

    public Throwable failure() {
        return failure;
    }

    private void run() {
        while (!closed || !pending.isEmpty()) {
            try {
                Batch first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                long wait = lastPublished + intervalNanos - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                List<Batch> round = new ArrayList<>();
                round.add(first);
                pending.drainTo(round);
                integrate(round);
                lastPublished = System.nanoTime();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                failure = e;
                break;
            }
        }
    }

    /** Integrates and publishes; also used at start-up to finish what a crash interrupted. */
    public void integrate(List<Batch> round) throws IOException, InterruptedException {
        long before = tree.size();
        List<Tile> tiles = new ArrayList<>();
        for (Batch batch : round) {
            if (batch.firstIndex() != tree.size()) {
                throw new IllegalStateException("batch starts at " + batch.firstIndex() + " but the tree has "
                        + tree.size() + " entries");
            }
            for (byte[] entry : batch.entries()) {
                tree.append(entry, tiles::add);
            }
        }
        List<TileCoordinate> completed = tiles.stream().map(Tile::coordinate).toList();
        tiles.addAll(tree.partialTiles());
        inParallel(tiles.stream().<IoTask>map(tile -> () -> store.write(tile.coordinate().path(), tile.dataUnsafe()))
                .toList());
        store.sync();
        long size = tree.size();
        Checkpoint body = new Checkpoint(signer.name(), size, tree.rootHash());
        SignedNote own = signer.signNote(body.body());
        SignedNote signed = own.withSignatures(cosign(own, size));
        store.write("checkpoint", signed.bytes());
        store.sync();
        checkpoint = signed;
        publishedSize = size;
        published.accept(size - before);
        journal.prune(size);
        inParallel(completed.stream().<IoTask>map(full -> () -> store.delete(full.path() + ".p")).toList());
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }

    /**
     * Runs file operations on the writer pool and waits for all. Each tile write is a create, a write, an fdatasync
     * and a rename, dominated by device latency rather than CPU; overlapping them lets the filesystem commit many
     * in one journal transaction.
     */
    private void inParallel(List<IoTask> tasks) throws IOException, InterruptedException {
        List<Future<?>> futures = new ArrayList<>(tasks.size());
        for (IoTask task : tasks) {
            futures.add(writers.submit(() -> {
                task.run();
                return null;
            }));
        }
        IOException failed = null;
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (failed == null) {
                    failed = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private List<NoteSignature> cosign(SignedNote signed, long size) throws InterruptedException {
        if (witnesses.isEmpty()) {
            return List.of();
        }
        TiledTree view = new TiledTree(store.tileReader(), size);
        WitnessClient.ConsistencyProver prover = (oldSize, newSize) -> MerkleProofs.consistencyProof(view, oldSize, newSize);
        List<NoteSignature> cosignatures = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<NoteSignature>>> calls = new ArrayList<>();
            for (WitnessClient witness : witnesses) {
                calls.add(executor.submit(() -> witness.cosign(signed, size, prover)));
            }
            long deadline = System.nanoTime() + witnessTimeout.toNanos();
            for (Future<Optional<NoteSignature>> call : calls) {
                try {
                    call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).ifPresent(cosignatures::add);
                } catch (ExecutionException | TimeoutException e) {
                    call.cancel(true);
                }
            }
        }
        return cosignatures;
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writers.shutdown();
    }
}

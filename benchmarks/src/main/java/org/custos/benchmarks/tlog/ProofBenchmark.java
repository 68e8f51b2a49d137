package org.custos.benchmarks.tlog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.custos.tlog.merkle.MerkleHashing;
import org.custos.tlog.merkle.MerkleProofs;
import org.custos.tlog.merkle.ProofException;
import org.custos.tlog.merkle.ProofVerifier;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.note.VerifierKey;
import org.custos.tlog.storage.FileLogStore;
import org.custos.tlog.tiles.Tile;
import org.custos.tlog.tiles.TileCache;
import org.custos.tlog.tiles.TiledTree;
import org.custos.tlog.tiles.TreeBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proofs built from tiles on the local filesystem (through the store's tile cache), their verification, and the
 * hashing and signing primitives underneath.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'org.custos.benchmarks.tlog.ProofBenchmark' -f 1 -wi 2 -i 3 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ProofBenchmark {

    @Param({"1000000"})
    long size;

    private TiledTree tree;
    private TiledTree uncached;
    private byte[] root;
    private List<byte[]> proof;
    private long provenIndex;
    private byte[] leaf;
    private List<byte[]> consistency;
    private byte[] oldRoot;
    private NoteSigner signer;
    private VerifierKey key;
    private SignedNote note;
    private String body;
    private Path dir;

    @Setup(Level.Trial)
    public void build() throws Exception {
        dir = Files.createTempDirectory("tlog-proof-bench");
        FileLogStore store = new FileLogStore(dir, false);
        TreeBuilder builder = new TreeBuilder();
        for (long i = 0; i < size; i++) {
            builder.append(("entry " + i).getBytes(StandardCharsets.UTF_8), (Tile t) -> {
                try {
                    store.write(t.coordinate().path(), t.dataUnsafe());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        for (Tile t : builder.partialTiles()) {
            store.write(t.coordinate().path(), t.dataUnsafe());
        }
        uncached = new TiledTree(store.tileReader(), size);
        tree = new TiledTree(store.tileReader(), size, new TileCache(8192));
        for (long i = 0; i < size; i += 256) {
            MerkleProofs.inclusionProof(tree, i, size);
        }
        root = builder.rootHash();
        provenIndex = size / 3;
        leaf = MerkleHashing.leafHash(("entry " + provenIndex).getBytes(StandardCharsets.UTF_8));
        proof = MerkleProofs.inclusionProof(tree, provenIndex, size);
        consistency = MerkleProofs.consistencyProof(tree, size / 2 + 1, size);
        oldRoot = MerkleProofs.rootHash(tree, size / 2 + 1);
        signer = NoteSigner.generate("bench.custos.example/log", new java.security.SecureRandom());
        key = signer.verifierKey();
        body = new Checkpoint(signer.name(), size, root).body();
        note = signer.signNote(body);
    }

    /** Any entry, every tile of the log already expanded in the proof cache (8192 tiles, 128 MiB). */
    @Benchmark
    public List<byte[]> inclusionProofFromCachedTiles() {
        return MerkleProofs.inclusionProof(tree, ThreadLocalRandom.current().nextLong(size), size);
    }

    /** Any entry, tiles read through the store (raw-tile cache of 2048) and hashed up on every call. */
    @Benchmark
    public List<byte[]> inclusionProofFromTilesUncached() {
        return MerkleProofs.inclusionProof(uncached, ThreadLocalRandom.current().nextLong(size), size);
    }

    @Benchmark
    public void inclusionProofVerify() throws ProofException {
        ProofVerifier.verifyInclusion(provenIndex, size, leaf, proof, root);
    }

    @Benchmark
    public List<byte[]> consistencyProofFromTiles() {
        return MerkleProofs.consistencyProof(tree, 1 + ThreadLocalRandom.current().nextLong(size - 1), size);
    }

    @Benchmark
    public void consistencyProofVerify() throws ProofException {
        ProofVerifier.verifyConsistency(size / 2 + 1, size, consistency, oldRoot, root);
    }

    @TearDown(Level.Trial)
    public void removeLog() throws java.io.IOException {
        TempDirs.delete(dir);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public byte[] nodeHash() {
        return MerkleHashing.nodeHash(root, leaf);
    }

    @Benchmark
    public SignedNote checkpointSign() {
        return signer.signNote(body);
    }

    @Benchmark
    public Object checkpointVerify() throws Exception {
        return note.verify(List.of(key));
    }
}

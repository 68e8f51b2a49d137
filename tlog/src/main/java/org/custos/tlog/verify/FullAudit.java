package org.custos.tlog.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.custos.tlog.merkle.MerkleHashing;
import org.custos.tlog.merkle.MerkleProofs;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.tiles.EntryBundle;
import org.custos.tlog.tiles.TileCoordinate;
import org.custos.tlog.tiles.TileLayout;
import org.custos.tlog.tiles.TiledTree;

/**
 * Recomputes a whole log from its entry bundles: every entry is hashed and compared with its level-0 tile, every
 * full tile's root with the hash one level up, and the tree's root with the checkpoint. Hashing dominates (two
 * SHA-256 per entry), so level 0 is split across platform threads, one task per tile.
 */
final class FullAudit {

    private final LogSource source;
    private final int threads;

    FullAudit(LogSource source, int threads) {
        this.source = source;
        this.threads = Math.max(1, threads);
    }

    /** Empty if the log is exactly what the checkpoint commits to, otherwise the first discrepancy found. */
    Optional<String> audit(Checkpoint checkpoint) throws IOException, InterruptedException {
        long size = checkpoint.size();
        long tiles0 = (size + 255) / 256;
        // roots[i] = MTH of full tile i at the level being checked, to compare with the level above.
        byte[][] level0Roots = new byte[(int) tiles0][];
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Optional<String>>> results = new ArrayList<>();
            int chunk = 64;
            for (long start = 0; start < tiles0; start += chunk) {
                long from = start;
                long to = Math.min(tiles0, start + chunk);
                results.add(pool.submit(() -> {
                    for (long t = from; t < to; t++) {
                        Optional<String> problem = checkLevel0(t, size, level0Roots);
                        if (problem.isPresent()) {
                            return problem;
                        }
                    }
                    return Optional.<String>empty();
                }));
            }
            for (Future<Optional<String>> result : results) {
                Optional<String> problem = result.get();
                if (problem.isPresent()) {
                    return problem;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException("audit failed", e.getCause());
        }
        byte[][] roots = level0Roots;
        for (int level = 1; TileLayout.hashesAtLevel(level, size) > 0; level++) {
            long hashes = TileLayout.hashesAtLevel(level, size);
            long count = (hashes + 255) / 256;
            byte[][] next = new byte[(int) count][];
            for (long t = 0; t < count; t++) {
                TileCoordinate coordinate = TileLayout.tile(level, t, size);
                byte[] tile = source.tile(coordinate);
                if (tile.length != coordinate.width() * 32) {
                    return Optional.of(coordinate.path() + " has the wrong length " + tile.length);
                }
                for (int i = 0; i < coordinate.width(); i++) {
                    byte[] below = roots[(int) (t * 256 + i)];
                    if (!equalAt(tile, i, below)) {
                        return Optional.of(coordinate.path() + " hash " + i + " is not the root of the tile below");
                    }
                }
                if (coordinate.isFull()) {
                    next[(int) t] = subtreeRoot(tile);
                }
            }
            roots = next;
        }
        TiledTree tree = new TiledTree(tile -> {
            try {
                return source.tile(tile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, size);
        if (!MessageDigest.isEqual(MerkleProofs.rootHash(tree, size), checkpoint.rootHash())) {
            return Optional.of("the tiles do not hash to the checkpoint root");
        }
        return Optional.empty();
    }

    private Optional<String> checkLevel0(long t, long size, byte[][] roots) {
        try {
            TileCoordinate tile = TileLayout.tile(0, t, size);
            TileCoordinate bundle = new TileCoordinate(TileCoordinate.ENTRIES, t, tile.width());
            byte[] hashes = source.tile(tile);
            List<byte[]> entries;
            try {
                entries = EntryBundle.decode(source.tile(bundle));
            } catch (IllegalArgumentException e) {
                return Optional.of(bundle.path() + " is malformed: " + e.getMessage());
            }
            if (entries.size() != tile.width() || hashes.length != tile.width() * 32) {
                return Optional.of(bundle.path() + " holds " + entries.size() + " entries and " + tile.path() + " "
                        + hashes.length / 32 + " hashes; want " + tile.width());
            }
            for (int i = 0; i < entries.size(); i++) {
                if (!equalAt(hashes, i, MerkleHashing.leafHash(entries.get(i)))) {
                    return Optional.of("entry " + (t * 256 + i) + " does not hash to its leaf in " + tile.path());
                }
            }
            if (tile.isFull()) {
                roots[(int) t] = subtreeRoot(hashes);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] subtreeRoot(byte[] fullTile) {
        return TiledTree.tileRoot(fullTile);
    }

    private static boolean equalAt(byte[] tile, int i, byte[] hash) {
        return hash != null && java.util.Arrays.equals(tile, i * 32, i * 32 + 32, hash, 0, 32);
    }
}

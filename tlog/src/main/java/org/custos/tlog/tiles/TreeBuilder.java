package org.custos.tlog.tiles;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.custos.tlog.merkle.MerkleHashing;

/**
 * The right edge of a tiled tree: for every tile level, the hashes of its rightmost (incomplete) tile, and the
 * entries of the incomplete entry bundle. Appending an entry hashes it into level 0; a level whose tile reaches 256
 * hashes emits that full tile and pushes the tile's root one level up. This is all the state integration needs:
 * the root of the tree and the partial tiles of a checkpoint follow from it, and it can be rebuilt from the partial
 * tiles of the last published checkpoint.
 *
 * <p>Not thread-safe: one integrator owns it.
 */
public final class TreeBuilder {

    private static final int LEVELS = 8;
    private static final int TILE_BYTES = TileCoordinate.FULL_WIDTH * MerkleHashing.HASH_SIZE;

    private final byte[][] tiles = new byte[LEVELS][TILE_BYTES];
    private final int[] widths = new int[LEVELS];
    private ByteArrayOutputStream bundle = new ByteArrayOutputStream();
    private long size;

    /** An empty tree. */
    public TreeBuilder() {}

    /** The right edge of the tree of {@code size} entries, read from its partial tiles and partial bundle. */
    public static TreeBuilder resume(long size, TileReader reader) {
        TreeBuilder builder = new TreeBuilder();
        builder.size = size;
        for (TileCoordinate partial : TileLayout.partialTiles(size)) {
            byte[] data = reader.read(partial);
            if (partial.isEntryBundle()) {
                List<byte[]> entries = EntryBundle.decode(data);
                if (entries.size() != partial.width()) {
                    throw new IllegalStateException("entry bundle " + partial.path() + " holds " + entries.size()
                            + " entries, want " + partial.width());
                }
                builder.bundle.writeBytes(data);
            } else {
                if (data.length != partial.width() * MerkleHashing.HASH_SIZE) {
                    throw new IllegalStateException("tile " + partial.path() + " has " + data.length + " bytes");
                }
                System.arraycopy(data, 0, builder.tiles[partial.level()], 0, data.length);
                builder.widths[partial.level()] = partial.width();
            }
        }
        return builder;
    }

    public long size() {
        return size;
    }

    /**
     * Appends one entry; every tile or bundle that becomes full is handed to {@code fullTiles} before this returns.
     */
    public void append(byte[] entry, Consumer<Tile> fullTiles) {
        EntryBundle.appendTo(bundle, entry);
        byte[] hash = MerkleHashing.leafHash(entry);
        long index = size++;
        if ((size & 0xff) == 0) {
            fullTiles.accept(new Tile(new TileCoordinate(TileCoordinate.ENTRIES, index >>> 8, 256), bundle.toByteArray()));
            bundle = new ByteArrayOutputStream();
        }
        push(0, hash, index, fullTiles);
    }

    private void push(int level, byte[] hash, long indexAtLevel, Consumer<Tile> fullTiles) {
        System.arraycopy(hash, 0, tiles[level], widths[level] * MerkleHashing.HASH_SIZE, MerkleHashing.HASH_SIZE);
        widths[level]++;
        if (widths[level] == TileCoordinate.FULL_WIDTH) {
            byte[] full = tiles[level].clone();
            widths[level] = 0;
            long tileIndex = indexAtLevel >>> 8;
            fullTiles.accept(new Tile(new TileCoordinate(level, tileIndex, 256), full));
            push(level + 1, TiledTree.subtree(full, 0, TileCoordinate.FULL_WIDTH), tileIndex, fullTiles);
        }
    }

    /** The partial tiles and partial bundle of the current size, as a checkpoint of this size requires. */
    public List<Tile> partialTiles() {
        List<Tile> out = new ArrayList<>();
        for (TileCoordinate partial : TileLayout.partialTiles(size)) {
            byte[] data = partial.isEntryBundle()
                    ? bundle.toByteArray()
                    : java.util.Arrays.copyOf(tiles[partial.level()], partial.width() * MerkleHashing.HASH_SIZE);
            out.add(new Tile(partial, data));
        }
        return out;
    }

    /** The RFC 6962 root hash of the current tree. */
    public byte[] rootHash() {
        // The perfect subtrees of the tree, left to right, are the binary decompositions of each level's partial
        // tile, from the top level down; the root folds them from the right.
        List<byte[]> subtrees = new ArrayList<>();
        for (int level = LEVELS - 1; level >= 0; level--) {
            int offset = 0;
            for (int bit = 7; bit >= 0; bit--) {
                int count = 1 << bit;
                if ((widths[level] & count) != 0) {
                    subtrees.add(TiledTree.subtree(tiles[level], offset, count));
                    offset += count;
                }
            }
        }
        if (subtrees.isEmpty()) {
            return MerkleHashing.emptyRoot();
        }
        byte[] root = subtrees.getLast();
        for (int i = subtrees.size() - 2; i >= 0; i--) {
            root = MerkleHashing.nodeHash(subtrees.get(i), root);
        }
        return root;
    }
}

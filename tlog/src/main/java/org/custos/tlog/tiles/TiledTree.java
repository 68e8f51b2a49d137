package org.custos.tlog.tiles;

import java.util.Arrays;
import org.custos.tlog.merkle.MerkleHashing;
import org.custos.tlog.merkle.NodeSource;

/**
 * The Merkle tree of a given size as seen through its tiles: a {@link NodeSource} for proofs and roots. A node of
 * height {@code h} sits {@code h % 8} levels above the hashes of tile level {@code h / 8}, so it is rebuilt from at
 * most 128 hashes of a single tile: proofs cost a few tile reads and at most a few hundred hashes.
 */
public final class TiledTree implements NodeSource {

    private final TileReader tiles;
    private final long size;
    private final TileCache cache; // null: hash every node from the raw tile

    public TiledTree(TileReader tiles, long size) {
        this.tiles = tiles;
        this.size = size;
        this.cache = null;
    }

    /** A view that takes nodes from (and adds expanded tiles to) a cache shared between views. */
    public TiledTree(TileReader tiles, long size, TileCache cache) {
        this.tiles = tiles;
        this.size = size;
        this.cache = cache;
    }

    public long size() {
        return size;
    }

    @Override
    public byte[] node(int height, long index) {
        int level = height / 8;
        int above = height % 8;
        long first = index << above;
        int count = 1 << above;
        long tileIndex = first >>> 8;
        int offset = (int) (first & 0xff);
        TileCoordinate coordinate = TileLayout.tile(level, tileIndex, size);
        if (cache != null) {
            return cache.node(coordinate, tiles, above, offset >> above);
        }
        byte[] tile = tiles.read(coordinate);
        int needed = (offset + count) * MerkleHashing.HASH_SIZE;
        if (tile.length < needed) {
            throw new IllegalStateException("tile " + level + "/" + tileIndex + " has " + tile.length
                    + " bytes, need " + needed + " for node " + height + "/" + index);
        }
        return subtree(tile, offset, count);
    }

    /** The Merkle root of a full tile's 256 hashes: the hash one tile level up. */
    public static byte[] tileRoot(byte[] fullTile) {
        if (fullTile.length != TileCoordinate.FULL_WIDTH * MerkleHashing.HASH_SIZE) {
            throw new IllegalArgumentException("a full tile is 8192 bytes, got " + fullTile.length);
        }
        return subtree(fullTile, 0, TileCoordinate.FULL_WIDTH);
    }

    /** MTH of {@code count} (a power of two) consecutive hashes of a tile, starting at {@code offset}. */
    static byte[] subtree(byte[] tile, int offset, int count) {
        int start = offset * MerkleHashing.HASH_SIZE;
        if (count == 1) {
            return Arrays.copyOfRange(tile, start, start + MerkleHashing.HASH_SIZE);
        }
        byte[][] layer = new byte[count][];
        for (int i = 0; i < count; i++) {
            layer[i] = Arrays.copyOfRange(tile, start + i * 32, start + (i + 1) * 32);
        }
        for (int n = count; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) {
                layer[i] = MerkleHashing.nodeHash(layer[2 * i], layer[2 * i + 1]);
            }
        }
        return layer[0];
    }
}

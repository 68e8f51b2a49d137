package org.custos.tlog.tiles;

import java.util.LinkedHashMap;
import java.util.Map;
import org.custos.tlog.merkle.MerkleHashing;

/**
 * Tiles expanded into every node they contain, least recently used first out. A tile fixes the 8 levels of
 * the tree above its hashes; keeping all 511 nodes of a full tile (16 KiB) turns each node a proof needs into an
 * array copy instead of up to 127 hashes, so a proof over cached tiles costs a few microseconds. Tiles are
 * immutable for a given coordinate (partial tiles carry their width), so entries never go stale. Thread-safe.
 */
public final class TileCache {

    private final Map<TileCoordinate, byte[][]> tiles;

    public TileCache(int capacity) {
        this.tiles = new LinkedHashMap<>(Math.max(16, capacity), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<TileCoordinate, byte[][]> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The node {@code above} levels over the tile's hashes, at position {@code offset} within that level. */
    byte[] node(TileCoordinate coordinate, TileReader reader, int above, int offset) {
        byte[][] layers;
        synchronized (tiles) {
            layers = tiles.get(coordinate);
        }
        if (layers == null) {
            layers = expand(reader.read(coordinate), coordinate.width());
            synchronized (tiles) {
                tiles.put(coordinate, layers);
            }
        }
        byte[] layer = layers[above];
        int at = offset * MerkleHashing.HASH_SIZE;
        if (at + MerkleHashing.HASH_SIZE > layer.length) {
            throw new IllegalStateException("tile " + coordinate.path() + " has no node " + above + "/" + offset);
        }
        return java.util.Arrays.copyOfRange(layer, at, at + MerkleHashing.HASH_SIZE);
    }

    /** layers[r] holds the complete nodes r levels above the tile's hashes, left to right. */
    static byte[][] expand(byte[] tile, int width) {
        if (tile.length < width * MerkleHashing.HASH_SIZE) {
            throw new IllegalStateException("tile has " + tile.length + " bytes, need " + width * 32);
        }
        byte[][] layers = new byte[9][];
        layers[0] = java.util.Arrays.copyOf(tile, width * MerkleHashing.HASH_SIZE);
        byte[] left = new byte[MerkleHashing.HASH_SIZE];
        byte[] right = new byte[MerkleHashing.HASH_SIZE];
        for (int r = 1; r <= 8; r++) {
            int count = (width >> r);
            byte[] below = layers[r - 1];
            byte[] layer = new byte[count * MerkleHashing.HASH_SIZE];
            for (int i = 0; i < count; i++) {
                System.arraycopy(below, 2 * i * 32, left, 0, 32);
                System.arraycopy(below, (2 * i + 1) * 32, right, 0, 32);
                System.arraycopy(MerkleHashing.nodeHash(left, right), 0, layer, i * 32, 32);
            }
            layers[r] = layer;
        }
        return layers;
    }
}

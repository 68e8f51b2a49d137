package org.custos.tlog.tiles;

import java.util.ArrayList;
import java.util.List;

/** Which tiles exist for a tree of a given size, per the tlog-tiles spec. */
public final class TileLayout {

    private TileLayout() {}

    /** Number of hashes at tile level {@code level} (nodes of height 8*level) in a tree of {@code size}. */
    public static long hashesAtLevel(int level, long size) {
        return level * 8 >= 64 ? 0 : size >>> (8 * level);
    }

    /** The width of tile {@code index} at {@code level} in a tree of {@code size}, 0 if it does not exist. */
    public static int width(int level, long index, long size) {
        long hashes = hashesAtLevel(Math.max(level, 0), size);
        long start = index * TileCoordinate.FULL_WIDTH;
        if (hashes <= start) {
            return 0;
        }
        return (int) Math.min(TileCoordinate.FULL_WIDTH, hashes - start);
    }

    /** The coordinate of tile {@code index} at {@code level} as it exists in a tree of {@code size}. */
    public static TileCoordinate tile(int level, long index, long size) {
        int width = width(level, index, size);
        if (width == 0) {
            throw new IllegalArgumentException("tile " + level + "/" + index + " does not exist at size " + size);
        }
        return new TileCoordinate(level, index, width);
    }

    /** The partial tiles (and partial entry bundle) that a checkpoint of {@code size} requires. */
    public static List<TileCoordinate> partialTiles(long size) {
        List<TileCoordinate> out = new ArrayList<>();
        int bundleWidth = (int) (size % TileCoordinate.FULL_WIDTH);
        if (bundleWidth > 0) {
            out.add(new TileCoordinate(TileCoordinate.ENTRIES, size / TileCoordinate.FULL_WIDTH, bundleWidth));
        }
        for (int level = 0; hashesAtLevel(level, size) > 0; level++) {
            long hashes = hashesAtLevel(level, size);
            int width = (int) (hashes % TileCoordinate.FULL_WIDTH);
            if (width > 0) {
                out.add(new TileCoordinate(level, hashes / TileCoordinate.FULL_WIDTH, width));
            }
        }
        return out;
    }
}

package org.custos.tlog.tiles;

/** Reads the bytes of one tile; a full tile is 8,192 bytes, a partial one 32 bytes per hash. */
@FunctionalInterface
public interface TileReader {

    /** Throws {@link java.io.UncheckedIOException} when the tile cannot be read. */
    byte[] read(TileCoordinate tile);
}

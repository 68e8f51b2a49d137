package org.custos.tlog.tiles;

/** A tile or entry bundle with its content. */
public record Tile(TileCoordinate coordinate, byte[] data) {

    public Tile {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The content without a defensive copy, for writing to storage; callers MUST NOT modify it. */
    public byte[] dataUnsafe() {
        return data;
    }
}

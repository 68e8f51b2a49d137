package org.custos.tlog.storage;

import java.io.IOException;
import java.util.Optional;
import org.custos.tlog.tiles.TileReader;

/**
 * Where a log keeps its published objects, addressed by their C2SP static paths ({@code checkpoint},
 * {@code tile/0/000}, {@code tile/entries/x001/234.p/7}). The filesystem store is the default; an object store fits
 * the same contract.
 *
 * <p>Contract: {@link #write} MUST make the object visible atomically (readers see the old or the new bytes, never
 * a mix) and MUST NOT be relied on for durability until {@link #sync()} returns; after {@code sync()} every earlier
 * write survives a crash of the process or of the machine.
 */
public interface LogStore extends AutoCloseable {

    Optional<byte[]> read(String path) throws IOException;

    void write(String path, byte[] data) throws IOException;

    /** Makes every earlier {@link #write} durable. */
    void sync() throws IOException;

    /** Removes an object or every object under a path prefix; absent paths are ignored. */
    void delete(String pathOrPrefix) throws IOException;

    /** A reader of tiles and entry bundles, which MAY cache immutable (full) tiles. */
    TileReader tileReader();

    @Override
    void close() throws IOException;
}

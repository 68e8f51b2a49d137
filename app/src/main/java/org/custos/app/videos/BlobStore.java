package org.custos.app.videos;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * Where encrypted media lives: opaque objects under random keys. The store only ever sees ciphertext, so it needs
 * no trust beyond availability. {@link LocalDirectoryBlobStore} is the default; an S3-compatible object store is the
 * production option behind this same contract.
 *
 * <p>Implementations MUST be thread-safe. {@link #put} MUST NOT return before the object is durable, and a reader
 * MUST never see a partly written object.
 */
public interface BlobStore {

    /**
     * Stores what {@code content} writes under {@code key}, replacing nothing: keys are never reused. If
     * {@code content} throws, nothing is stored.
     */
    void put(String key, Content content) throws IOException;

    /** Writes an object's bytes, streaming, so that media is never held twice in memory. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A seekable, read-only channel over the object, or empty when there is none. The caller closes it. */
    Optional<SeekableByteChannel> open(String key) throws IOException;

    /** Removes the object; removing a missing object is not an error. */
    void delete(String key) throws IOException;
}

package org.custos.app.videos;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the videos feature.
 *
 * @param blobDirectory where the local blob store keeps encrypted media
 * @param maxMediaBytes largest media file accepted by an upload
 * @param maxBodyBytes  largest JSON body (comments, event batches)
 */
public record VideoSettings(Path blobDirectory, long maxMediaBytes, int maxBodyBytes) {
    /** Room for the text fields and part headers of an upload form besides the media. */
    static final long FORM_OVERHEAD_BYTES = 64 * 1024;

    public VideoSettings {
        Objects.requireNonNull(blobDirectory, "blobDirectory");
        if (maxMediaBytes < 1 || maxMediaBytes > Integer.MAX_VALUE - FORM_OVERHEAD_BYTES - 1) {
            throw new IllegalArgumentException("maxMediaBytes must be 1 to about 2 GiB, got " + maxMediaBytes);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + maxBodyBytes);
        }
    }
}

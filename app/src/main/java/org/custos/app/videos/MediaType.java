package org.custos.app.videos;

import java.util.Optional;

/**
 * The media containers the app accepts, recognised by their first bytes, never by a client's claim: an ISO base
 * media file (MP4) starts with a box whose type is {@code ftyp} at offset 4; a WebM/Matroska file starts with the
 * EBML magic {@code 1A 45 DF A3}.
 */
enum MediaType {
    MP4("video/mp4"),
    WEBM("video/webm");

    private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};

    private final String mime;

    MediaType(String mime) {
        this.mime = mime;
    }

    String mime() {
        return mime;
    }

    static Optional<MediaType> sniff(byte[] head) {
        if (head.length >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            long boxSize = ((head[0] & 0xFFL) << 24) | ((head[1] & 0xFFL) << 16) | ((head[2] & 0xFFL) << 8)
                    | (head[3] & 0xFFL);
            // An ftyp box holds at least its header, the major brand and the minor version.
            if (boxSize >= 16 || boxSize == 1) {
                return Optional.of(MP4);
            }
        }
        if (head.length >= 4 && head[0] == EBML[0] && head[1] == EBML[1] && head[2] == EBML[2] && head[3] == EBML[3]) {
            return Optional.of(WEBM);
        }
        return Optional.empty();
    }

    static Optional<MediaType> ofMime(String mime) {
        for (MediaType type : values()) {
            if (type.mime.equals(mime)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}

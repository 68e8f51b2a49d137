package org.custos.recsys;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the engine may know about a video: no title, no media, nothing personal.
 *
 * @param id         video id
 * @param authorId   the creator's user id
 * @param tags       category tags (any strings the app uses)
 * @param durationMs length of the video, 0 when unknown
 * @param uploadedAt upload time
 * @param region     region the video was uploaded in
 * @param visibility who may see it
 */
public record Video(long id, long authorId, List<String> tags, long durationMs, Instant uploadedAt, String region,
                    Visibility visibility) {

    public Video {
        tags = List.copyOf(tags);
        Objects.requireNonNull(uploadedAt, "uploadedAt");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(visibility, "visibility");
        if (durationMs < 0) {
            throw new IllegalArgumentException("durationMs must not be negative, got " + durationMs);
        }
    }
}

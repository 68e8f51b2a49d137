package org.custos.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A public video as the boundary holds it: only fields that are PUBLIC (published to everyone) or EXCEPTED
 * aggregates (its counters). Sources MUST NOT return followers-only or private videos.
 */
public record PublicVideo(long id, String authorHandle, String caption, List<String> hashtags, long durationMs,
                          String mediaType, Instant createdAt, long views, long likes, long comments, long shares) {
    public PublicVideo {
        Objects.requireNonNull(authorHandle, "authorHandle");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(createdAt, "createdAt");
        hashtags = List.copyOf(hashtags);
    }
}

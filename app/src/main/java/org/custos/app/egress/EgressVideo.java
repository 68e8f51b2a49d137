package org.custos.app.egress;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A public video with only its PUBLIC fields and EXCEPTED counters: what the egress gateway's flows may read. */
public record EgressVideo(long id, String authorHandle, String caption, List<String> hashtags, long durationMs,
                          String mediaType, Instant createdAt, long views, long likes, long comments, long shares) {
    public EgressVideo {
        Objects.requireNonNull(authorHandle, "authorHandle");
        Objects.requireNonNull(caption, "caption");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(createdAt, "createdAt");
        hashtags = List.copyOf(hashtags);
    }
}

package org.custos.app.videos;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A video's metadata as a permitted viewer sees it, with its public counters. */
record VideoRecord(long id, long authorId, String authorHandle, Visibility visibility, String caption,
                   List<String> hashtags, long durationMs, String mediaType, long mediaBytes, Instant createdAt,
                   Counters counters) {
    VideoRecord {
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(caption, "caption");
        hashtags = List.copyOf(hashtags);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(counters, "counters");
    }

    record Counters(long views, long likes, long comments, long shares) {
    }

    /** The JSON answer; {@code mediaUrl} is where the media streams from. */
    record View(long id, String author, String visibility, String caption, List<String> hashtags, long durationMs,
                String mediaType, long mediaBytes, String createdAt, Counters counters, String mediaUrl) {
    }

    View view() {
        return new View(id, authorHandle, Visibilities.name(visibility), caption, hashtags, durationMs, mediaType,
                mediaBytes, createdAt.toString(), counters, "/v1/videos/" + id + "/media");
    }
}

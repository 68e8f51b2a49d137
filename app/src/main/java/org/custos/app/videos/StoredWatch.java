package org.custos.app.videos;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored watch event with its viewer and its video's length: what the For You feed's fact subscriptions turn
 * into the algorithm's {@code Watched} facts (in pseudonyms).
 */
record StoredWatch(long viewer, long videoId, Instant at, long watchedMs, long durationMs, boolean completed,
                   boolean skipped, boolean notInterested) {
    StoredWatch {
        Objects.requireNonNull(at, "at");
    }

    static StoredWatch of(long viewer, WatchEvents.Watch w, long durationMs) {
        return new StoredWatch(viewer, w.videoId(), w.at(), w.watchedMs(), durationMs, w.completed(), w.skipped(),
                w.notInterested());
    }

    static StoredWatch of(long viewer, WatchEvents.Stored s, long durationMs) {
        return new StoredWatch(viewer, s.videoId(), Instant.parse(s.at()), s.watchedMs(), durationMs, s.completed(),
                s.skipped(), s.notInterested());
    }
}

package org.custos.app.videos;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.custos.recsys.Video;

/**
 * The recommender's per-video lookups, remembered for a short time. A For You page asks for every ranked candidate
 * in turn, which without this is one query per candidate per request. Safe to serve stale because what is cached
 * (author, duration, upload time, visibility) never changes after upload, and every page is re-checked against
 * the visibility rule in SQL when its videos are read, so a deleted video cannot reappear through the cache. Only
 * found videos are kept; the map is bounded by dropping everything when it is full, which costs one query per
 * video afterwards and nothing more.
 */
final class CatalogCache {
    private record Entry(Video video, long expiresAtMillis) {}

    private final ConcurrentHashMap<Long, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long ttlMillis;
    private final int maxEntries;

    CatalogCache(Clock clock, Duration ttl, int maxEntries) {
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("a catalog cache needs a ttl >= 0 and room for one video");
        }
        this.clock = clock;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
    }

    /** The cached video, or what {@code load} finds (cached when present). */
    Optional<Video> video(long id, LongFunction<Optional<Video>> load) {
        long now = clock.millis();
        Entry entry = entries.get(id);
        if (entry != null && now < entry.expiresAtMillis()) {
            return Optional.of(entry.video());
        }
        Optional<Video> found = load.apply(id);
        if (found.isPresent()) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(id, new Entry(found.get(), now + ttlMillis));
        } else {
            entries.remove(id);
        }
        return found;
    }

    int size() {
        return entries.size();
    }
}

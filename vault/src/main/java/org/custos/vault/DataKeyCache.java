package org.custos.vault;

import com.google.crypto.tink.Aead;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Unwrapped data keys, so that a read does not go to the key service (a token round trip for PKCS#11) or the key
 * store every time.
 *
 * <p>Design: 16 segments, each a small access-ordered {@link LinkedHashMap} behind its own lock (LRU eviction per
 * segment, so the bound is approximate by at most a segment's share). Entries expire after a time-to-live read from
 * the injected clock: this bounds how long another node, which cannot see this node's shred, keeps a shredded key.
 *
 * <p>Shred races: a reader that loaded a key from the store just before a shred committed must not put it back
 * after the shred invalidated the cache. Each segment keeps an epoch that {@link #invalidate} increments; a loader
 * takes {@link #stamp} before reading the store and {@link #putIfUnchanged} refuses the entry if the epoch moved.
 * A spurious refusal (another subject in the segment was shredded) only costs one more load.
 */
final class DataKeyCache {
    private static final int SEGMENTS = 16;

    private record Cached(Aead key, Instant loadedAt) {
    }

    private static final class Segment {
        final LinkedHashMap<Long, Cached> entries;
        long epoch;

        Segment(int capacity) {
            this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Cached> eldest) {
                    return size() > capacity;
                }
            };
        }
    }

    private final Segment[] segments = new Segment[SEGMENTS];
    private final Clock clock;
    private final Duration timeToLive;

    DataKeyCache(int capacity, Duration timeToLive, Clock clock) {
        int perSegment = Math.max(1, (capacity + SEGMENTS - 1) / SEGMENTS);
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment(perSegment);
        }
        this.clock = clock;
        this.timeToLive = timeToLive;
    }

    private Segment segmentOf(SubjectId subject) {
        long h = subject.value() * 0x9E3779B97F4A7C15L;
        return segments[(int) (h >>> 60)];
    }

    Optional<Aead> get(SubjectId subject) {
        Segment segment = segmentOf(subject);
        synchronized (segment) {
            Cached entry = segment.entries.get(subject.value());
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.loadedAt().plus(timeToLive).isBefore(clock.instant())) {
                segment.entries.remove(subject.value());
                return Optional.empty();
            }
            return Optional.of(entry.key());
        }
    }

    long stamp(SubjectId subject) {
        Segment segment = segmentOf(subject);
        synchronized (segment) {
            return segment.epoch;
        }
    }

    void putIfUnchanged(SubjectId subject, Aead key, long stamp) {
        Segment segment = segmentOf(subject);
        synchronized (segment) {
            if (segment.epoch == stamp) {
                segment.entries.put(subject.value(), new Cached(key, clock.instant()));
            }
        }
    }

    void invalidate(SubjectId subject) {
        Segment segment = segmentOf(subject);
        synchronized (segment) {
            segment.entries.remove(subject.value());
            segment.epoch++;
        }
    }

    void clear() {
        for (Segment segment : segments) {
            synchronized (segment) {
                segment.entries.clear();
                segment.epoch++;
            }
        }
    }

    int size() {
        int size = 0;
        for (Segment segment : segments) {
            synchronized (segment) {
                size += segment.entries.size();
            }
        }
        return size;
    }
}

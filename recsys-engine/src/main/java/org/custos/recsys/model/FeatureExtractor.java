package org.custos.recsys.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Set;
import org.custos.recsys.Video;

/**
 * Turns an impression (viewer, video, moment, context) into sparse feature keys. Only what is known when the
 * video is shown goes in: ids, the video's catalogue facts, the clock and the surface. Play time and outcomes
 * are labels and never reach this class, which is what rules out label leakage by construction.
 */
public final class FeatureExtractor {

    /** Most keys one impression yields; arrays passed to {@link #extract} must hold this many. */
    public static final int MAX_KEYS = 64;
    private static final int MAX_TAGS = 8;
    private static final int MAX_ATTRIBUTES = 32;
    private static final long[] DURATION_EDGES_MS = {7_000, 18_000, 30_000, 60_000, 120_000, 300_000};
    private static final long[] AGE_EDGES_DAYS = {1, 2, 4, 8, 15, 31, 91};

    private final ZoneId zone;

    /** A viewer's attribute keys, valid while the catalogue hands out the same attribute set. */
    private record ViewerAttributes(Collection<String> source, long[] keys) {
    }

    /** Hour and weekday keys of one minute of time (zone offsets change on whole minutes). */
    private record Moment(long epochMinute, long hourKey, long weekdayKey) {
    }

    private static final int MAX_CACHED_VIEWERS = 1 << 20;
    /**
     * A KuaiRand viewer has 26 attribute tokens, the same on every impression: hashing them each time was an
     * eighth of the training step (JFR), so their keys are kept per viewer.
     */
    private final SharedLongMap<ViewerAttributes> viewerAttributes = new SharedLongMap<>(1 << 10);

    /**
     * The keys of a video's catalogue facts, valid while the catalogue hands out the same video. A video is shown
     * and ranked thousands of times: its tags are hashed once, and a training step reads this one record instead
     * of the video, its upload instant and its tag list, each a cache miss of its own.
     */
    private record VideoFacts(Video source, long authorId, long authorKey, long durationKey, long uploadedMs,
                              long[] tagKeys) {
    }

    private static final int MAX_CACHED_VIDEOS = 1 << 22;
    private final SharedLongMap<VideoFacts> videoFacts = new SharedLongMap<>(1 << 10);
    private volatile Moment lastMoment = new Moment(Long.MIN_VALUE, 0, 0);

    public FeatureExtractor(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * Writes the keys of one impression into {@code out} and returns how many.
     *
     * @param userId     the viewer, or -1 for an anonymous viewer
     * @param videoId    the video
     * @param video      its catalogue facts, or null when unknown (then only the id is used)
     * @param attributes the viewer's coarse attributes
     * @param popularity the video's recent popularity bucket as published before this impression, or -1
     */
    public int extract(long userId, long videoId, Video video, Instant at, int surface,
                       Collection<String> attributes, int popularity, long[] out) {
        int n = viewerKeys(userId, at, surface, attributes, out, 0);
        return videoKeys(userId, videoId, video, at, popularity, out, n);
    }

    /**
     * The keys that depend on the viewer and the moment only, written from {@code offset}; returns the new end.
     * Together with {@link #videoKeys} they are exactly the keys of {@link #extract}, which lets serving sum the
     * viewer's part once per page instead of once per candidate.
     */
    public int viewerKeys(long userId, Instant at, int surface, Collection<String> attributes, long[] out,
                          int offset) {
        int n = offset;
        if (userId >= 0) {
            out[n++] = FeatureKey.of(FeatureKey.Field.USER, userId);
        }
        Moment moment = moment(at);
        out[n++] = moment.hourKey();
        out[n++] = moment.weekdayKey();
        out[n++] = FeatureKey.of(FeatureKey.Field.SURFACE, surface);
        long[] keys = attributeKeys(userId, attributes);
        System.arraycopy(keys, 0, out, n, keys.length);
        return n + keys.length;
    }

    private Moment moment(Instant at) {
        long minute = Math.floorDiv(at.getEpochSecond(), 60);
        Moment m = lastMoment;
        if (m.epochMinute() != minute) {
            ZonedDateTime local = at.atZone(zone);
            m = new Moment(minute, FeatureKey.of(FeatureKey.Field.HOUR, local.getHour()),
                    FeatureKey.of(FeatureKey.Field.WEEKDAY, local.getDayOfWeek().getValue()));
            lastMoment = m;
        }
        return m;
    }

    private long[] attributeKeys(long userId, Collection<String> attributes) {
        if (attributes.isEmpty()) {
            return new long[0];
        }
        ViewerAttributes known = userId >= 0 ? viewerAttributes.get(userId) : null;
        if (known != null && (known.source() == attributes || known.source().equals(attributes))) {
            return known.keys();
        }
        long[] keys = new long[Math.min(MAX_ATTRIBUTES, attributes.size())];
        int i = 0;
        for (String attribute : attributes) {
            if (i == keys.length) {
                break;
            }
            keys[i++] = FeatureKey.of(FeatureKey.Field.USER_ATTRIBUTE, attribute);
        }
        if (userId >= 0) {
            if (viewerAttributes.size() >= MAX_CACHED_VIEWERS) {
                viewerAttributes.clear();
            }
            viewerAttributes.put(userId, new ViewerAttributes(attributes, keys));
        }
        return keys;
    }

    /** The keys of the video (and its crosses with the viewer), written from {@code offset}; returns the new end. */
    public int videoKeys(long userId, long videoId, Video video, Instant at, int popularity, long[] out,
                         int offset) {
        int n = offset;
        out[n++] = FeatureKey.of(FeatureKey.Field.VIDEO, videoId);
        if (popularity >= 0) {
            out[n++] = FeatureKey.of(FeatureKey.Field.VIDEO_POPULARITY, popularity);
        }
        if (video != null) {
            VideoFacts facts = facts(videoId, video);
            out[n++] = facts.authorKey();
            out[n++] = facts.durationKey();
            long ageDays = Math.max(0, (at.toEpochMilli() - facts.uploadedMs()) / 86_400_000L);
            out[n++] = FeatureKey.of(FeatureKey.Field.VIDEO_AGE_BUCKET, bucket(ageDays, AGE_EDGES_DAYS));
            if (userId >= 0) {
                out[n++] = FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, userId, facts.authorId());
            }
            for (long tagKey : facts.tagKeys()) {
                out[n++] = tagKey;
                if (userId >= 0) {
                    out[n++] = FeatureKey.cross(FeatureKey.Field.USER_X_TAG, userId, tagKey);
                }
            }
        }
        return n;
    }

    private VideoFacts facts(long videoId, Video video) {
        VideoFacts known = videoFacts.get(videoId);
        if (known != null && (known.source() == video || known.source().equals(video))) {
            return known;
        }
        long[] tags = new long[Math.min(MAX_TAGS, video.tags().size())];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = FeatureKey.of(FeatureKey.Field.TAG, video.tags().get(i));
        }
        VideoFacts facts = new VideoFacts(video, video.authorId(), FeatureKey.of(FeatureKey.Field.AUTHOR,
                video.authorId()), FeatureKey.of(FeatureKey.Field.DURATION_BUCKET,
                bucket(video.durationMs(), DURATION_EDGES_MS)), video.uploadedAt().toEpochMilli(), tags);
        if (videoFacts.size() >= MAX_CACHED_VIDEOS) {
            videoFacts.clear();
        }
        videoFacts.put(videoId, facts);
        return facts;
    }

    /** Drops the cached attribute keys of a viewer (erasure). */
    public void forgetViewer(long userId) {
        viewerAttributes.remove(userId);
    }

    /** Drops the cached facts of a video (withdrawn or erased with its author): they name its author. */
    public void forgetVideo(long videoId) {
        videoFacts.remove(videoId);
    }

    /** The same with no attributes and no popularity. */
    public int extract(long userId, long videoId, Video video, Instant at, int surface, long[] out) {
        return extract(userId, videoId, video, at, surface, Set.of(), -1, out);
    }

    private static int bucket(long value, long[] edges) {
        if (value <= 0) {
            return 0;
        }
        int b = 1;
        for (long edge : edges) {
            if (value < edge) {
                return b;
            }
            b++;
        }
        return b;
    }
}

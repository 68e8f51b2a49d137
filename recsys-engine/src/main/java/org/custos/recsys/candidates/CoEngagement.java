package org.custos.recsys.candidates;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongToIntFunction;
import org.custos.recsys.model.LongCounts;
import org.custos.recsys.model.SharedLongMap;

/**
 * Videos engaged with by the same members close together in their histories (item-to-item co-engagement, the
 * "people who watched this also watched" signal). Each long view pairs the video with the member's previous
 * {@link #window} long views. For a member, the affinity of a video is the sum over their recent long views of the
 * pair counts, normalised by the square root of both videos' popularity so that hits do not pair with everything.
 *
 * <p>Bounded: at most {@link #perVideo} partners per video (later pairs of a full video are not counted) and the
 * last {@link #window} long views per member. Written by the trainer thread; read by requests.
 */
public final class CoEngagement {

    private final int window;
    private final int perVideo;
    private final SharedLongMap<long[]> recent = new SharedLongMap<>(1 << 10);
    private final SharedLongMap<LongCounts> pairs = new SharedLongMap<>(1 << 10);

    public CoEngagement(int window, int perVideo) {
        if (window < 1 || perVideo < 1) {
            throw new IllegalArgumentException("window and perVideo must be positive");
        }
        this.window = window;
        this.perVideo = perVideo;
    }

    /** Records a long view (trainer thread only). */
    public void record(long userId, long videoId) {
        long[] before = recent.get(userId);
        if (before == null) {
            before = new long[0];
        }
        LongCounts own = null;
        for (long other : before) {
            if (other != videoId) {
                count(partners(other), videoId);
                if (own == null) {
                    own = partners(videoId);
                }
                count(own, other);
            }
        }
        long[] after = Arrays.copyOf(before, Math.min(window, before.length + 1));
        if (before.length == window) {
            System.arraycopy(before, 1, after, 0, window - 1);
        }
        after[after.length - 1] = videoId;
        recent.put(userId, after);
    }

    /**
     * Drops the member's recent long views (erasure). The pair counts their long views added stay: they belong to
     * pairs of videos, not to the member, and no longer say whose views made them.
     */
    public void forget(long userId) {
        recent.remove(userId);
    }

    /**
     * The member's affinity to each video co-engaged with their recent long views, normalised by
     * {@code popularity} (a count per video, at least 1 is assumed). Accumulated in primitive arrays, with each
     * partner's popularity looked up once per page rather than once per pair: up to 20 x 500 pairs per page.
     */
    public Affinities affinities(long userId, LongToIntFunction popularity) {
        long[] mine = recent.get(userId);
        if (mine == null) {
            return Affinities.NONE;
        }
        Affinities out = new Affinities(1024);
        for (long seen : mine) {
            LongCounts partners = pairs.get(seen);
            if (partners == null) {
                continue;
            }
            double own = 1 / Math.sqrt(Math.max(1, popularity.applyAsInt(seen)));
            partners.forEach((id, count) -> out.add(id, count * own));
        }
        out.divideBy(id -> Math.sqrt(Math.max(1, popularity.applyAsInt(id))));
        return out;
    }

    private LongCounts partners(long video) {
        return pairs.computeIfAbsent(video, v -> new LongCounts(8));
    }

    private void count(LongCounts partners, long other) {
        if (partners.size() < perVideo || partners.get(other) > 0) {
            partners.add(other, 1);
        }
    }

    public void writeTo(DataOutput out) throws IOException {
        Map<Long, long[]> users = new java.util.HashMap<>();
        recent.forEach(users::put);
        out.writeInt(users.size());
        for (Map.Entry<Long, long[]> e : users.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().length);
            for (long v : e.getValue()) {
                out.writeLong(v);
            }
        }
        Map<Long, LongCounts> videos = new java.util.HashMap<>();
        pairs.forEach(videos::put);
        out.writeInt(videos.size());
        for (Map.Entry<Long, LongCounts> e : videos.entrySet()) {
            out.writeLong(e.getKey());
            e.getValue().writeTo(out);
        }
    }

    public void readFrom(DataInput in) throws IOException {
        recent.clear();
        pairs.clear();
        int users = in.readInt();
        for (int i = 0; i < users; i++) {
            long user = in.readLong();
            long[] videos = new long[in.readInt()];
            for (int j = 0; j < videos.length; j++) {
                videos[j] = in.readLong();
            }
            recent.put(user, videos);
        }
        int videos = in.readInt();
        for (int i = 0; i < videos; i++) {
            long video = in.readLong();
            LongCounts partners = new LongCounts(8);
            partners.readFrom(in);
            pairs.put(video, partners);
        }
    }
}

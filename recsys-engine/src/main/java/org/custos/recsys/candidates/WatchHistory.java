package org.custos.recsys.candidates;

import java.util.Map;
import org.custos.recsys.model.LongCounts;
import org.custos.recsys.model.SharedLongMap;

/**
 * The videos each member was shown lately, so a feed never repeats one. Bounded per member (the oldest are
 * forgotten first) because a feed that re-shows a video seen thousands of videos ago is not a repeat anyone
 * notices. Written by the trainer thread, read by requests.
 */
public final class WatchHistory {

    private final int perUser;
    private final SharedLongMap<Seen> users = new SharedLongMap<>(1 << 10);

    public WatchHistory(int perUser) {
        if (perUser < 1) {
            throw new IllegalArgumentException("perUser must be positive, got " + perUser);
        }
        this.perUser = perUser;
    }

    public void record(long userId, long videoId) {
        users.computeIfAbsent(userId, u -> new Seen(perUser)).add(videoId);
    }

    public boolean seen(long userId, long videoId) {
        Seen seen = users.get(userId);
        return seen != null && seen.contains(videoId);
    }

    /** The member's remembered videos, oldest first (trainer thread only); empty when there are none. */
    public long[] videos(long userId) {
        Seen seen = users.get(userId);
        return seen == null ? new long[0] : seen.toArray();
    }

    /** Calls {@code action} with every member that has a history (trainer thread only). */
    public void forEachMember(java.util.function.LongConsumer action) {
        users.forEach((user, seen) -> action.accept(user));
    }

    /** Drops the member's history (erasure); requests see it gone at once. */
    public void forget(long userId) {
        users.remove(userId);
    }

    /** How many members have a history (for memory accounting). */
    public int members() {
        return users.size();
    }

    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        Map<Long, long[]> copy = new java.util.HashMap<>();
        users.forEach((user, seen) -> copy.put(user, seen.toArray()));
        out.writeInt(copy.size());
        for (Map.Entry<Long, long[]> e : copy.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().length);
            for (long v : e.getValue()) {
                out.writeLong(v);
            }
        }
    }

    public void readFrom(java.io.DataInput in) throws java.io.IOException {
        users.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            long user = in.readLong();
            int count = in.readInt();
            for (int j = 0; j < count; j++) {
                record(user, in.readLong());
            }
        }
    }

    /**
     * One member's recent videos: a ring in showing order (trainer thread only) and their counts for look-ups
     * from any thread (a video shown twice within the window is counted once, as the ring holds it once).
     */
    static final class Seen {
        private final int cap;
        private long[] order;
        private int first;
        private int size;
        private final LongCounts ids = new LongCounts(8);

        Seen(int cap) {
            this.cap = cap;
            this.order = new long[Math.min(8, cap)];
        }

        void add(long videoId) {
            if (ids.get(videoId) > 0) {
                return;
            }
            ids.add(videoId, 1);
            if (size == cap) {
                ids.add(order[first], -1);
                order[first] = videoId;
                first = (first + 1) % order.length;
                return;
            }
            if (size == order.length) {
                long[] larger = new long[Math.min(cap, order.length * 2)];
                for (int i = 0; i < size; i++) {
                    larger[i] = order[(first + i) % order.length];
                }
                order = larger;
                first = 0;
            }
            order[(first + size) % order.length] = videoId;
            size++;
        }

        boolean contains(long videoId) {
            return ids.get(videoId) > 0;
        }

        long[] toArray() {
            long[] out = new long[size];
            for (int i = 0; i < size; i++) {
                out[i] = order[(first + i) % order.length];
            }
            return out;
        }
    }
}

package org.custos.recsys.candidates;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The videos each member was shown lately, so a feed never repeats one. Bounded per member (the oldest are
 * forgotten first) because a feed that re-shows a video seen thousands of videos ago is not a repeat anyone
 * notices. Written by the trainer thread, read by requests.
 */
public final class WatchHistory {

    private final int perUser;
    private final Map<Long, Seen> users = new ConcurrentHashMap<>();

    public WatchHistory(int perUser) {
        if (perUser < 1) {
            throw new IllegalArgumentException("perUser must be positive, got " + perUser);
        }
        this.perUser = perUser;
    }

    public void record(long userId, long videoId) {
        users.computeIfAbsent(userId, u -> new Seen()).add(videoId, perUser);
    }

    public boolean seen(long userId, long videoId) {
        Seen seen = users.get(userId);
        return seen != null && seen.contains(videoId);
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

    static final class Seen {
        private final Deque<Long> order = new ArrayDeque<>();
        private final Set<Long> ids = new HashSet<>();

        synchronized void add(long videoId, int cap) {
            if (ids.add(videoId)) {
                order.addLast(videoId);
                if (order.size() > cap) {
                    ids.remove(order.removeFirst());
                }
            }
        }

        synchronized boolean contains(long videoId) {
            return ids.contains(videoId);
        }

        synchronized long[] toArray() {
            return order.stream().mapToLong(Long::longValue).toArray();
        }
    }
}

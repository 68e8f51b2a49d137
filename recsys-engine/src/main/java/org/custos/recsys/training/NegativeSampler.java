package org.custos.recsys.training;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.random.RandomGenerator;
import org.custos.recsys.model.LongCounts;

/**
 * Negatives for the {@link org.custos.recsys.model.Task#ENGAGE} head, drawn in proportion to recent popularity:
 * uniformly from a ring of the last {@code capacity} engaged (long-viewed) videos. With negatives drawn from
 * Q(v), the head's logit estimates log P(v | user) - log Q(v), the viewer's affinity beyond popularity
 * (sampled-softmax reasoning, as in Yi et al., RecSys 2019); serving adds log Q(v) back from {@link #count},
 * which is the exact count in the same ring. Popularity then comes from exact counts and the model spends its
 * capacity on what is personal. The random source is injected so that a seed reproduces a run.
 */
final class NegativeSampler {

    private final RandomGenerator random;
    private final long[] ring;
    private final LongCounts counts = new LongCounts(1 << 12);
    private int size;
    private int next;

    NegativeSampler(RandomGenerator random, int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
        }
        this.random = random;
        this.ring = new long[capacity];
    }

    /** Records an engaged video (trainer thread only). */
    void observe(long videoId) {
        if (size == ring.length) {
            counts.add(ring[next], -1);
        } else {
            size++;
        }
        ring[next] = videoId;
        next = (next + 1) % ring.length;
        counts.add(videoId, 1);
    }

    /** A recently engaged video other than {@code except}, or -1 when there is none (trainer thread only). */
    long sample(long except) {
        if (counts.size() < 2) {
            return -1;
        }
        long id;
        do {
            id = ring[random.nextInt(size)];
        } while (id == except);
        return id;
    }

    /** Engagements of the video in the ring: the sampling weight Q(v) up to a constant. Any thread. */
    int count(long videoId) {
        return counts.get(videoId);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(size);
        int start = size == ring.length ? next : 0;
        for (int i = 0; i < size; i++) {
            out.writeLong(ring[(start + i) % ring.length]);
        }
    }

    void readFrom(DataInput in) throws IOException {
        counts.clear();
        size = 0;
        next = 0;
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            observe(in.readLong());
        }
    }
}

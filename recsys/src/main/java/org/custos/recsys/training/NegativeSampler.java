package org.custos.recsys.training;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Draws videos uniformly from every video the engine has seen shown, as the negatives of the
 * {@link org.custos.recsys.model.Task#ENGAGE} head. Uniform (not by popularity) on purpose: the head should learn
 * that popular videos are chosen more often, which popularity-weighted negatives would cancel. The random source
 * is injected so that a seed reproduces a run.
 */
final class NegativeSampler {

    private final RandomGenerator random;
    private final Set<Long> known = new HashSet<>();
    private long[] pool = new long[1024];
    private int size;

    NegativeSampler(RandomGenerator random) {
        this.random = random;
    }

    void observe(long videoId) {
        if (known.add(videoId)) {
            if (size == pool.length) {
                pool = Arrays.copyOf(pool, size * 2);
            }
            pool[size++] = videoId;
        }
    }

    /** A known video other than {@code except}, or -1 when there is none. */
    long sample(long except) {
        if (size < 2) {
            return -1;
        }
        long id;
        do {
            id = pool[random.nextInt(size)];
        } while (id == except);
        return id;
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(pool[i]);
        }
    }

    void readFrom(DataInput in) throws IOException {
        known.clear();
        size = 0;
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            observe(in.readLong());
        }
    }
}

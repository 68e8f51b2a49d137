package org.custos.recsys;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Authors and tags that may still have {@code USER_X_AUTHOR} / {@code USER_X_TAG} rows with some member although
 * no video in the catalogue carries them any more, so that forgetting a member can still find those rows (a cross
 * key is a one-way mix of the pair: it is found only by recomputing it from both halves).
 *
 * <p>Such a row can only have been touched while a video with that author or tag was in the catalogue (features
 * come from the catalogue), that is at or before the latest event learnt when it left. So each author and tag is
 * kept with that event time and dropped once the model's row lifetime has passed since, by event time as the
 * model's own expiry counts: by then every such row has expired. What leaves the catalogue: withdrawn videos, and
 * at a restore everything the snapshot's catalogue held, because the host re-sends only the videos current at
 * the restart and says nothing of those withdrawn while the engine was down. Bounded by the withdrawals of one
 * row lifetime. Learner thread only.
 */
final class CrossPartners {

    private final Map<Long, Long> authors = new HashMap<>();
    private final Map<String, Long> tags = new HashMap<>();

    /** The video left the catalogue when the latest event learnt was at {@code latestEventMs}. */
    void retire(Video video, long latestEventMs) {
        authors.merge(video.authorId(), latestEventMs, Math::max);
        for (String tag : video.tags()) {
            tags.merge(tag, latestEventMs, Math::max);
        }
    }

    /** Drops what left more than {@code rowTtl} of event time before {@code latestEventMs}. */
    void prune(long latestEventMs, Duration rowTtl) {
        if (latestEventMs == Long.MIN_VALUE) {
            return;
        }
        long cutoff = latestEventMs - rowTtl.toMillis();
        authors.values().removeIf(at -> at < cutoff);
        tags.values().removeIf(at -> at < cutoff);
    }

    /** Drops the member as an author (erasure). */
    void forget(long member) {
        authors.remove(member);
    }

    /** The retired authors and those of {@code catalog}. */
    long[] authors(FactCatalog catalog) {
        Set<Long> all = new HashSet<>(authors.keySet());
        for (long author : catalog.authors()) {
            all.add(author);
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    /** The retired tags and those of {@code catalog}. */
    Collection<String> tags(FactCatalog catalog) {
        Set<String> all = new HashSet<>(tags.keySet());
        all.addAll(catalog.tags());
        return all;
    }

    /**
     * Writes the retired authors and tags and, as retired at {@code latestEventMs}, those of {@code catalog} (a
     * restore starts from an empty catalogue). Format: count:i32 (author:i64 at:i64){count}, count:i32
     * (tag:UTF at:i64){count}.
     */
    void writeTo(DataOutput out, FactCatalog catalog, long latestEventMs) throws IOException {
        Map<Long, Long> allAuthors = new HashMap<>(authors);
        for (long author : catalog.authors()) {
            allAuthors.merge(author, latestEventMs, Math::max);
        }
        Map<String, Long> allTags = new HashMap<>(tags);
        for (String tag : catalog.tags()) {
            allTags.merge(tag, latestEventMs, Math::max);
        }
        out.writeInt(allAuthors.size());
        for (Map.Entry<Long, Long> e : allAuthors.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(allTags.size());
        for (Map.Entry<String, Long> e : allTags.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    static CrossPartners readFrom(DataInput in) throws IOException {
        CrossPartners partners = new CrossPartners();
        int authors = count(in);
        for (int i = 0; i < authors; i++) {
            partners.authors.put(in.readLong(), in.readLong());
        }
        int tags = count(in);
        for (int i = 0; i < tags; i++) {
            partners.tags.put(in.readUTF(), in.readLong());
        }
        return partners;
    }

    private static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("a negative count in the snapshot: " + n);
        }
        return n;
    }
}

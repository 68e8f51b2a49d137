package org.custos.recsys.candidates;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.model.GrownCounts;
import org.custos.recsys.model.LongCounts;

/**
 * What is popular in each region lately: per region and video, a count of positive watches that decays with a
 * half-life, so yesterday's hit fades unless people keep watching it. The trainer thread records events and
 * calls {@link #refresh}, which publishes an immutable top list per region; requests read those lists without
 * locks. Entries that decayed to nearly nothing are dropped at refresh, which bounds memory.
 */
public final class Trending {

    private static final double FORGET_BELOW = 0.05;
    /** Rescale the stored counts before their growth factor 2^(t / half-life) nears the top of a double. */
    private static final double MAX_EXPONENT = 600;

    private final double halfLifeMs;
    private final int listSize;
    /*
     * Counts are stored grown rather than decayed: an entry holds the sum over its watches of
     * 2^((t - referenceMs) / halfLife), which is its decayed count as of referenceMs. The count as of any time is
     * the stored value times one factor common to all entries, so decay costs nothing at record time, the top
     * list can be ranked by stored values directly, and a refresh needs no exp per entry (JFR: the per-entry
     * decay and a full sort at every refresh were a tenth of the trainer's time).
     */
    private double referenceMs = Double.NaN;
    /** Per region, per video: the grown count (trainer thread only). */
    private final Map<String, GrownCounts> counts = new HashMap<>();
    private GrownCounts everywhere = region("");
    private String lastRegion = "";
    private GrownCounts lastRegionCounts = everywhere;
    private volatile Map<String, List<Long>> top = Map.of();
    private volatile List<Long> global = List.of();
    /** Popularity bucket per video over all regions: updated in place by the trainer, read by anyone. */
    private final LongCounts buckets = new LongCounts(1 << 10);
    private long[] ids = new long[1 << 10];
    private double[] scores = new double[1 << 10];
    private double[] selection = new double[1 << 10];
    private int[] chosen = new int[1 << 10];
    private int[] merging = new int[1 << 10];

    public Trending(java.time.Duration halfLife, int listSize) {
        this.halfLifeMs = halfLife.toMillis();
        this.listSize = listSize;
    }

    /** Records one event (trainer thread only); only positive watches count. */
    public void record(InteractionEvent event) {
        if (!event.positive()) {
            return;
        }
        long now = event.at().toEpochMilli();
        if (!event.region().equals(lastRegion)) {
            lastRegion = event.region();
            lastRegionCounts = region(lastRegion);
        }
        double weight = growth(now);
        lastRegionCounts.add(event.videoId(), weight);
        if (!lastRegion.isEmpty()) {
            everywhere.add(event.videoId(), weight);
        }
    }

    private GrownCounts region(String name) {
        return counts.computeIfAbsent(name, r -> new GrownCounts(1 << 10));
    }

    /** 2^((t - reference) / halfLife): what one watch at {@code t} adds to a stored count. */
    private double growth(long t) {
        if (Double.isNaN(referenceMs)) {
            referenceMs = t;
        }
        double exponent = (t - referenceMs) / halfLifeMs;
        if (exponent > MAX_EXPONENT) {
            rescale(t);
            exponent = 0;
        }
        return Math.pow(2, exponent);
    }

    /** Moves the reference to {@code t}, dividing every stored count by its growth since the old reference. */
    private void rescale(long t) {
        double factor = Math.pow(2, -(t - referenceMs) / halfLifeMs);
        for (GrownCounts entries : counts.values()) {
            entries.scale(factor);
        }
        referenceMs = t;
    }

    /**
     * Forgets the counts that faded and publishes the top lists and popularity buckets as of {@code nowMs}
     * (trainer thread only). It runs after every batch: one pass per region with no allocation but the lists.
     */
    public void refresh(long nowMs) {
        if (Double.isNaN(referenceMs)) {
            return;
        }
        double decay = Math.pow(2, -(nowMs - referenceMs) / halfLifeMs);
        double forgetBelow = FORGET_BELOW / decay;
        Map<String, List<Long>> next = new HashMap<>();
        for (Map.Entry<String, GrownCounts> region : counts.entrySet()) {
            GrownCounts entries = region.getValue();
            // only the counts over all regions publish buckets; a region's entries keep bucket 0
            boolean all = region.getKey().isEmpty();
            entries.removeBelow(forgetBelow, all ? (id, bucket) -> buckets.add(id, -bucket) : (id, bucket) -> { });
            int k = entries.size();
            if (ids.length < k) {
                ids = new long[2 * k];
                scores = new double[2 * k];
                selection = new double[2 * k];
            }
            entries.collect(ids, scores, all ? grown -> popularityBucket(grown * decay) : grown -> 0,
                    (id, before, after) -> buckets.add(id, after - before));
            next.put(region.getKey(), top(k));
        }
        global = next.getOrDefault("", List.of());
        next.remove("");
        top = Map.copyOf(next);
    }

    /**
     * The {@code listSize} highest of {@code scores[0, k)}, best first (ties by id, so the list does not depend on
     * map order): a threshold found by selection, then a sort of the few entries at or above it.
     */
    private List<Long> top(int k) {
        int take = Math.min(listSize, k);
        if (take == 0) {
            return List.of();
        }
        double threshold = Double.NEGATIVE_INFINITY;
        if (k > take) {
            System.arraycopy(scores, 0, selection, 0, k);
            threshold = select(selection, k, k - take);
        }
        if (chosen.length < k) {
            chosen = new int[2 * k];
            merging = new int[2 * k];
        }
        int n = 0;
        for (int i = 0; i < k; i++) {
            if (scores[i] >= threshold) {
                chosen[n++] = i;
            }
        }
        sortBest(0, n);
        long[] out = new long[take];
        for (int i = 0; i < take; i++) {
            out[i] = ids[chosen[i]];
        }
        return new VideoIds(out);
    }

    /** Sorts {@code chosen[from, to)} best first: higher score, then lower id (a merge sort, stable). */
    private void sortBest(int from, int to) {
        if (to - from < 2) {
            return;
        }
        int middle = (from + to) >>> 1;
        sortBest(from, middle);
        sortBest(middle, to);
        System.arraycopy(chosen, from, merging, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right == to || left < middle && !before(merging[right], merging[left])) {
                chosen[i] = merging[left++];
            } else {
                chosen[i] = merging[right++];
            }
        }
    }

    private boolean before(int a, int b) {
        return scores[a] != scores[b] ? scores[a] > scores[b] : ids[a] < ids[b];
    }

    /** The value that would sit at index {@code rank} of {@code values[0, n)} sorted ascending (reorders them). */
    static double select(double[] values, int n, int rank) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = values[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = values[i];
                    values[i] = values[j];
                    values[j] = swap;
                    i++;
                    j--;
                }
            }
            if (rank <= j) {
                hi = j;
            } else if (rank >= i) {
                lo = i;
            } else {
                return values[rank];
            }
        }
        return values[rank];
    }

    /** The region's current top videos, most popular first; falls back to all regions when it has none. */
    public List<Long> top(String region, int limit) {
        List<Long> list = top.getOrDefault(region, global);
        if (list.isEmpty()) {
            list = global;
        }
        return list.subList(0, Math.min(limit, list.size()));
    }

    /**
     * The video's popularity over all regions as of the last refresh, as a log2 bucket of its decayed count
     * (0 when unknown): a feature, so the model can tell a video people are watching right now.
     */
    public int popularity(long videoId) {
        return buckets.get(videoId);
    }

    private static int popularityBucket(double count) {
        return 1 + Math.getExponent(1 + count); // 1 + floor(log2(1 + count)), exactly
    }

    /** Writes every count as (video, count as of a time, that time), the form {@link #readFrom} takes. */
    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(counts.size());
        java.io.IOException[] failure = new java.io.IOException[1];
        for (Map.Entry<String, GrownCounts> region : counts.entrySet()) {
            out.writeUTF(region.getKey());
            out.writeInt(region.getValue().size());
            region.getValue().forEach((id, grown) -> {
                if (failure[0] == null) {
                    try {
                        out.writeLong(id);
                        out.writeDouble(grown);
                        out.writeDouble(referenceMs);
                    } catch (java.io.IOException e) {
                        failure[0] = e;
                    }
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    public void readFrom(java.io.DataInput in) throws java.io.IOException {
        counts.clear();
        buckets.clear();
        referenceMs = Double.NaN;
        everywhere = region("");
        lastRegion = "";
        lastRegionCounts = everywhere;
        int regions = in.readInt();
        for (int r = 0; r < regions; r++) {
            GrownCounts region = region(in.readUTF());
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                long id = in.readLong();
                double count = in.readDouble();
                double asOfMs = in.readDouble();
                if (Double.isNaN(referenceMs)) {
                    referenceMs = asOfMs;
                }
                region.add(id, count * Math.pow(2, (asOfMs - referenceMs) / halfLifeMs));
            }
        }
    }
}

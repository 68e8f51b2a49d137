package org.custos.recsys.candidates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.model.LongMap;

/**
 * What is popular in each region lately: per region and video, a count of positive watches that decays with a
 * half-life, so yesterday's hit fades unless people keep watching it. The trainer thread records events and
 * calls {@link #refresh}, which publishes an immutable top list per region; requests read those lists without
 * locks. Entries that decayed to nearly nothing are dropped at refresh, which bounds memory.
 */
public final class Trending {

    private static final double FORGET_BELOW = 0.05;
    private static final double LN2 = Math.log(2);

    private final double halfLifeMs;
    private final int listSize;
    private final Map<String, Map<Long, double[]>> counts = new HashMap<>();
    private volatile Map<String, List<Long>> top = Map.of();
    private volatile List<Long> global = List.of();
    private volatile LongMap<Integer> buckets = new LongMap<>(16);

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
        add(counts.computeIfAbsent(event.region(), r -> new HashMap<>()), event.videoId(), now);
        add(counts.computeIfAbsent("", r -> new HashMap<>()), event.videoId(), now);
    }

    /**
     * Recomputes and publishes the top lists as of {@code nowMs} (trainer thread only). Runs after every batch,
     * so it avoids what made it costly (JFR): a full sort of boxed entries and a {@code pow} per entry. A
     * threshold from a sorted primitive copy picks the top candidates and only those are sorted.
     */
    public void refresh(long nowMs) {
        Map<String, List<Long>> next = new HashMap<>();
        LongMap<Integer> nextBuckets = new LongMap<>(64);
        for (Map.Entry<String, Map<Long, double[]>> region : counts.entrySet()) {
            Map<Long, double[]> entries = region.getValue();
            long[] ids = new long[entries.size()];
            double[] scores = new double[entries.size()];
            int k = 0;
            for (Iterator<Map.Entry<Long, double[]>> it = entries.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, double[]> e = it.next();
                double d = decayed(e.getValue(), nowMs);
                if (d < FORGET_BELOW) {
                    it.remove();
                    continue;
                }
                ids[k] = e.getKey();
                scores[k] = d;
                k++;
            }
            next.put(region.getKey(), top(ids, scores, k));
            if (region.getKey().isEmpty()) {
                nextBuckets = new LongMap<>(k);
                for (int i = 0; i < k; i++) {
                    nextBuckets.put(ids[i], popularityBucket(scores[i]));
                }
            }
        }
        buckets = nextBuckets;
        global = next.getOrDefault("", List.of());
        next.remove("");
        top = Map.copyOf(next);
    }

    /** The {@code listSize} highest scores, best first (ties by id, so the list does not depend on map order). */
    private List<Long> top(long[] ids, double[] scores, int k) {
        int take = Math.min(listSize, k);
        if (take == 0) {
            return List.of();
        }
        double threshold = Double.NEGATIVE_INFINITY;
        if (k > take) {
            double[] sorted = Arrays.copyOf(scores, k);
            Arrays.sort(sorted);
            threshold = sorted[k - take];
        }
        List<Integer> chosen = new ArrayList<>(take + 16);
        for (int i = 0; i < k; i++) {
            if (scores[i] >= threshold) {
                chosen.add(i);
            }
        }
        chosen.sort((a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a])
                : Long.compare(ids[a], ids[b]));
        List<Long> out = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
            out.add(ids[chosen.get(i)]);
        }
        return List.copyOf(out);
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
        Integer bucket = buckets.get(videoId);
        return bucket == null ? 0 : bucket;
    }

    private static int popularityBucket(double count) {
        return 1 + (int) Math.floor(Math.log(1 + count) / Math.log(2));
    }

    private void add(Map<Long, double[]> region, long videoId, long now) {
        double[] c = region.computeIfAbsent(videoId, v -> new double[] {0, now});
        c[0] = decayed(c, now) + 1;
        c[1] = Math.max(c[1], now);
    }

    private double decayed(double[] c, long now) {
        return c[0] * Math.exp(-Math.max(0, now - c[1]) * LN2 / halfLifeMs);
    }

    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(counts.size());
        for (Map.Entry<String, Map<Long, double[]>> region : counts.entrySet()) {
            out.writeUTF(region.getKey());
            out.writeInt(region.getValue().size());
            for (Map.Entry<Long, double[]> e : region.getValue().entrySet()) {
                out.writeLong(e.getKey());
                out.writeDouble(e.getValue()[0]);
                out.writeDouble(e.getValue()[1]);
            }
        }
    }

    public void readFrom(java.io.DataInput in) throws java.io.IOException {
        counts.clear();
        int regions = in.readInt();
        for (int r = 0; r < regions; r++) {
            Map<Long, double[]> region = counts.computeIfAbsent(in.readUTF(), k -> new HashMap<>());
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                region.put(in.readLong(), new double[] {in.readDouble(), in.readDouble()});
            }
        }
    }
}

package org.custos.recsys.candidates;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** How often each video has been shown: fresh videos shown fewer times than a threshold get exploration slots. */
public final class Exposure {

    private final Map<Long, Integer> impressions = new ConcurrentHashMap<>();

    public void record(long videoId) {
        impressions.merge(videoId, 1, Integer::sum);
    }

    public int impressions(long videoId) {
        return impressions.getOrDefault(videoId, 0);
    }

    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        Map<Long, Integer> copy = Map.copyOf(impressions);
        out.writeInt(copy.size());
        for (Map.Entry<Long, Integer> e : copy.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    public void readFrom(java.io.DataInput in) throws java.io.IOException {
        impressions.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            impressions.put(in.readLong(), in.readInt());
        }
    }
}

package org.custos.recsys.candidates;

import org.custos.recsys.model.LongCounts;

/** How often each video has been shown: fresh videos shown fewer times than a threshold get exploration slots. */
public final class Exposure {

    private final LongCounts impressions = new LongCounts(1 << 12);

    /** Counts one impression (trainer thread only). */
    public void record(long videoId) {
        impressions.add(videoId, 1);
    }

    /** Impressions of the video so far (any thread). */
    public int impressions(long videoId) {
        return impressions.get(videoId);
    }

    public void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(impressions.size());
        java.io.IOException[] failure = new java.io.IOException[1];
        impressions.forEach((id, count) -> {
            if (failure[0] == null) {
                try {
                    out.writeLong(id);
                    out.writeInt(count);
                } catch (java.io.IOException e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    public void readFrom(java.io.DataInput in) throws java.io.IOException {
        impressions.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            impressions.add(in.readLong(), in.readInt());
        }
    }
}

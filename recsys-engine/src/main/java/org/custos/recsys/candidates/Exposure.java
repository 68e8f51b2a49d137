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
        impressions.writeTo(out);
    }

    public void readFrom(java.io.DataInput in) throws java.io.IOException {
        impressions.readFrom(in);
    }
}

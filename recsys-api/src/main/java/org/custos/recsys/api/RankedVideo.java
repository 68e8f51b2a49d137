package org.custos.recsys.api;

import java.util.Objects;

/**
 * One video of an answer, best first.
 *
 * @param video  the video's id
 * @param score  the ranking score (comparable within one answer only); finite
 * @param origin which candidate source proposed it
 */
public record RankedVideo(long video, float score, Origin origin) {

    public RankedVideo {
        Fact.Checks.id("video", video);
        Objects.requireNonNull(origin, "origin");
        if (!Float.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score);
        }
    }
}

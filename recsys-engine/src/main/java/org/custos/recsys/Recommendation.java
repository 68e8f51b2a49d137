package org.custos.recsys;

import java.util.Objects;

/**
 * One video placed on a feed page.
 *
 * @param videoId the video
 * @param score   the ranking score it was placed by (higher is better; comparable only within one page)
 * @param source  which candidate source proposed it, for explanations and monitoring
 */
public record Recommendation(long videoId, double score, CandidateOrigin source) {

    public Recommendation {
        Objects.requireNonNull(source, "source");
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score must be a number");
        }
    }
}

package org.custos.recsys;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.custos.recsys.model.ModelConfig;
import org.custos.recsys.rerank.PageAssembler;

/**
 * Settings of the For You engine, read once at start-up.
 *
 * @param model              the ranking model and its embedding table
 * @param zone               time zone of the viewers' clock (hour and weekday features)
 * @param embeddingCandidates nearest neighbours taken from the embedding index
 * @param trendingCandidates  regional trending videos taken
 * @param followedCandidates  recent videos of followed creators taken
 * @param freshCandidates     fresh under-exposed uploads taken (exploration)
 * @param coEngagedCandidates videos most often long-viewed next to the viewer's recent long views
 * @param freshWindow         how recent an upload must be to count as fresh
 * @param freshImpressions    a fresh video shown fewer times than this still gets exploration
 * @param explorationBonus    score added to a fresh candidate, shrinking with its impressions
 * @param trendingHalfLife    half-life of the trending counts
 * @param taskWeights         value of a shown video = sum of weight times predicted probability, per outcome
 *                            (click, long view, like)
 * @param valueExponent       ranking score = P(chosen) times value^valueExponent, where P(chosen) comes from the
 *                            engage head and recent popularity; 0 ranks by P(chosen) alone
 * @param negativesPerPositive videos sampled as negatives of the engage head per long view
 * @param popularityWindow    recent long views the negatives are drawn from (and popularity counted over)
 * @param page                the re-ranking rules
 * @param historyPerUser      videos remembered per member to avoid repeats
 * @param batchSize           most events learnt per training step
 * @param indexRebuildEvery   how often the trainer rebuilds the embedding index
 * @param snapshotEvery       how often the trainer writes a snapshot (when it has a snapshot directory)
 */
public record EngineConfig(ModelConfig model, ZoneId zone, int embeddingCandidates, int trendingCandidates,
                           int followedCandidates, int freshCandidates, int coEngagedCandidates,
                           Duration freshWindow, int freshImpressions,
                           double explorationBonus, Duration trendingHalfLife, double[] taskWeights,
                           double valueExponent, int negativesPerPositive, int popularityWindow,
                           PageAssembler.Rules page, int historyPerUser, int batchSize, Duration indexRebuildEvery,
                           Duration snapshotEvery) {

    public EngineConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(freshWindow, "freshWindow");
        Objects.requireNonNull(trendingHalfLife, "trendingHalfLife");
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(indexRebuildEvery, "indexRebuildEvery");
        Objects.requireNonNull(snapshotEvery, "snapshotEvery");
        taskWeights = taskWeights.clone();
        if (taskWeights.length != 3) {
            throw new IllegalArgumentException("taskWeights needs 3 weights (click, long view, like)");
        }
        if (embeddingCandidates < 0 || trendingCandidates < 0 || followedCandidates < 0 || freshCandidates < 0
                || coEngagedCandidates < 0) {
            throw new IllegalArgumentException("candidate counts must not be negative");
        }
        if (!(valueExponent >= 0) || negativesPerPositive < 0 || popularityWindow < 2) {
            throw new IllegalArgumentException("valueExponent and negativesPerPositive must not be negative, "
                    + "popularityWindow must be at least 2");
        }
        if (batchSize < 1 || historyPerUser < 1) {
            throw new IllegalArgumentException("batchSize and historyPerUser must be positive");
        }
        if (trendingHalfLife.isZero() || trendingHalfLife.isNegative()) {
            throw new IllegalArgumentException("trendingHalfLife must be positive");
        }
    }

    /** Defaults for a model seeded with {@code seed}, viewers in {@code zone}. */
    public static EngineConfig defaults(long seed, ZoneId zone) {
        return new EngineConfig(ModelConfig.defaults(seed), zone, 300, 500, 100, 50, 200, Duration.ofDays(3), 200,
                0.05, Duration.ofHours(72), new double[] {0.5, 1.0, 2.0}, 0.25, 4, 100_000,
                new PageAssembler.Rules(2, 0.8, 10), 1000,
                512, Duration.ofSeconds(10), Duration.ofMinutes(5));
    }

    public EngineConfig withModel(ModelConfig newModel) {
        return new EngineConfig(newModel, zone, embeddingCandidates, trendingCandidates, followedCandidates,
                freshCandidates, coEngagedCandidates, freshWindow, freshImpressions, explorationBonus, trendingHalfLife,
                taskWeights,
                valueExponent, negativesPerPositive, popularityWindow, page,
                historyPerUser, batchSize, indexRebuildEvery, snapshotEvery);
    }

    @Override
    public double[] taskWeights() {
        return taskWeights.clone();
    }
}

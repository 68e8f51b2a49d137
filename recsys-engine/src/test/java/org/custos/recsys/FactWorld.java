package org.custos.recsys;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.custos.recsys.api.Audience;
import org.custos.recsys.api.Fact;

/**
 * A small world as the host would describe it in facts: 20 authors with 10 public videos each, 200 members who
 * each are fans of one author (they watch that author's videos to the end and skip most others), and settings
 * with a quick index rebuild. Members and authors have large pseudonyms, as the vault's are, so that a test can
 * look for their bytes in a snapshot.
 */
final class FactWorld {

    static final long T0 = Instant.parse("2026-01-10T12:00:00Z").toEpochMilli();
    static final int AUTHORS = 20;
    static final int PER_AUTHOR = 10;
    static final int MEMBERS = 200;
    static final long DURATION_MS = 15_000;

    private FactWorld() {
    }

    /** The pseudonym of member {@code i} (below 2^56, so its USER key has the same bytes). */
    static long member(int i) {
        return 0x0012_3456_7800_0000L + 7_919L * i;
    }

    static long author(int k) {
        return member(10_000 + k);
    }

    /** Video {@code j} of author {@code k}. */
    static long video(int k, int j) {
        return 1_000 + 100L * k + j;
    }

    static Fact.VideoPublished published(int k, int j) {
        return new Fact.VideoPublished(video(k, j), author(k), DURATION_MS, T0 - Duration.ofHours(j).toMillis(),
                Audience.PUBLIC, List.of("genre" + k % 5, "t" + j % 3));
    }

    /** Every video of every author. */
    static List<Fact> catalogue() {
        List<Fact> facts = new ArrayList<>();
        for (int k = 0; k < AUTHORS; k++) {
            for (int j = 0; j < PER_AUTHOR; j++) {
                facts.add(published(k, j));
            }
        }
        return facts;
    }

    /** The author member {@code i} is a fan of. */
    static int favourite(int i) {
        return i % AUTHORS;
    }

    /** {@code count} watches from {@code T0} on, one a second: fans complete their author's videos, skip others. */
    static List<Fact> watches(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Fact> facts = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            int i = random.nextInt(MEMBERS);
            boolean fan = random.nextInt(10) < 7;
            int k = fan ? favourite(i) : random.nextInt(AUTHORS);
            int j = random.nextInt(PER_AUTHOR);
            facts.add(watch(member(i), video(k, j), T0 + 1_000L * n, k == favourite(i)));
        }
        return facts;
    }

    static Fact.Watched watch(long viewer, long video, long atMs, boolean liked) {
        return new Fact.Watched(viewer, video, atMs, liked ? DURATION_MS : 2_000, DURATION_MS,
                liked ? Fact.Watched.COMPLETED : Fact.Watched.SKIPPED, 1);
    }

    /** Defaults, with the embedding index rebuilt every 50 ms so that tests need not wait. */
    static EngineConfig config() {
        EngineConfig d = EngineConfig.defaults(1, ZoneOffset.UTC);
        return new EngineConfig(d.model(), d.zone(), d.embeddingCandidates(), d.trendingCandidates(),
                d.followedCandidates(), d.freshCandidates(), d.coEngagedCandidates(), d.freshWindow(),
                d.freshImpressions(), d.explorationBonus(), d.trendingHalfLife(), d.taskWeights(), d.valueExponent(),
                d.negativesPerPositive(), d.popularityWindow(), d.page(), d.historyPerUser(), d.batchSize(),
                Duration.ofMillis(50), d.snapshotEvery());
    }
}

package org.custos.recsys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A small catalogue, a synthetic watch stream with a learnable taste pattern, and engine settings for tests. */
public final class ForYouEngineFixtures {

    private ForYouEngineFixtures() {
    }

    public static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");

    /** 200 public videos by 40 authors, a few followers-only and private ones, and a stream of watches. */
    public static TestCatalog catalog() {
        TestCatalog catalog = new TestCatalog();
        for (long id = 0; id < 200; id++) {
            catalog.add(new Video(id, 1000 + id % 40, List.of("t" + id % 7), 15_000, T0.minus(Duration.ofDays(id % 5)),
                    "r1", Visibility.PUBLIC));
        }
        catalog.add(new Video(500, 1001, List.of("t1"), 15_000, T0, "r1", Visibility.PRIVATE));
        catalog.add(new Video(501, 1002, List.of("t1"), 15_000, T0, "r1", Visibility.FOLLOWERS));
        return catalog;
    }

    public static List<InteractionEvent> watches(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<InteractionEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long user = random.nextInt(100);
            // users like videos whose id shares their parity; videos 500/501 are watched a lot (popular)
            long video = random.nextInt(10) == 0 ? 500 + random.nextInt(2) : random.nextInt(200);
            boolean good = video >= 500 || (video % 2) == (user % 2);
            events.add(InteractionEvent.ofWatch(user, video, T0.plusSeconds(i), good ? 20_000 : 2_000, 15_000,
                    good && random.nextInt(5) == 0, false, false, 0, "r1"));
        }
        return events;
    }

    public static EngineConfig config() {
        EngineConfig d = EngineConfig.defaults(1, ZoneOffset.UTC);
        return new EngineConfig(d.model(), d.zone(), 100, 100, 20, 20, d.coEngagedCandidates(), d.freshWindow(), d.freshImpressions(),
                d.explorationBonus(), d.trendingHalfLife(), d.taskWeights(), d.valueExponent(),
                d.negativesPerPositive(), d.popularityWindow(), d.page(), d.historyPerUser(), 64,
                Duration.ofMillis(50), Duration.ofMinutes(5));
    }

    public static void awaitLearnt(ForYouEngine engine, long position) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (engine.health().learntPosition() < position) {
            assertThat(System.nanoTime()).as("trainer caught up in time").isLessThan(deadline);
            assertThat(engine.health().failure()).isEmpty();
            Thread.sleep(5);
        }
    }

}

package org.custos.recsys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ForYouEngineTest {

    private static final Instant T0 = ForYouEngineFixtures.T0;

    private static TestCatalog catalog() {
        return ForYouEngineFixtures.catalog();
    }

    private static List<InteractionEvent> watches(int count, long seed, Instant from) {
        return ForYouEngineFixtures.watches(count, seed);
    }

    private static EngineConfig config() {
        return ForYouEngineFixtures.config();
    }

    private static void awaitLearnt(ForYouEngine engine, long position) throws InterruptedException {
        ForYouEngineFixtures.awaitLearnt(engine, position);
    }

    @Test
    void recommend_afterAccept_learnsWithinSecondsAndNeverRepeatsOrLeaksHiddenVideos() throws Exception {
        TestCatalog catalog = catalog();
        try (ForYouEngine engine = ForYouEngine.inMemory(catalog, VisibilityFilter.standard(catalog), config(),
                InstantSource.system())) {
            List<InteractionEvent> events = watches(5_000, 3, T0);
            engine.accept(events);
            awaitLearnt(engine, events.size());
            Thread.sleep(150); // one index rebuild period

            Set<Long> watchedBy7 = events.stream().filter(e -> e.userId() == 7).map(InteractionEvent::videoId)
                    .collect(Collectors.toSet());
            List<Recommendation> page = engine.recommend(new FeedRequest(Viewer.member(7), "r1", 20, T0.plusSeconds(6000)));

            assertThat(page).hasSize(20);
            assertThat(page).extracting(Recommendation::videoId).doesNotContainAnyElementsOf(watchedBy7)
                    .doesNotContain(500L, 501L).doesNotHaveDuplicates();
            assertThat(engine.health().modelVersion()).isPositive();
            assertThat(engine.health().running()).isTrue();
        }
    }

    @Test
    void telemetry_afterLearning_countsEventsAndReportsAProgressiveLoss() throws Exception {
        TestCatalog catalog = catalog();
        try (ForYouEngine engine = ForYouEngine.inMemory(catalog, VisibilityFilter.standard(catalog), config(),
                InstantSource.system())) {
            assertThat(engine.telemetry().eventsLearnt()).isZero();
            List<InteractionEvent> events = watches(2_000, 3, T0);
            engine.accept(events);
            awaitLearnt(engine, events.size());

            TrainingTelemetry telemetry = engine.telemetry();
            assertThat(telemetry.eventsLearnt()).isEqualTo(events.size());
            assertThat(telemetry.progressiveLogLoss()).isPositive().isFinite();
            assertThat(telemetry.embeddingRows()).isPositive();
            assertThat(telemetry.modelVersion()).isEqualTo(engine.health().modelVersion());
        }
    }

    @Test
    void recommend_anonymousViewer_getsPublicVideosOnly() throws Exception {
        TestCatalog catalog = catalog();
        try (ForYouEngine engine = ForYouEngine.inMemory(catalog, VisibilityFilter.standard(catalog), config(),
                InstantSource.system())) {
            List<InteractionEvent> events = watches(2_000, 5, T0);
            engine.accept(events);
            awaitLearnt(engine, events.size());

            List<Recommendation> page = engine.recommend(new FeedRequest(Viewer.anonymous(), "r1", 30, T0.plusSeconds(3000)));

            assertThat(page).isNotEmpty().extracting(Recommendation::videoId).doesNotContain(500L, 501L);
        }
    }

    @Test
    void recommend_followerOfAuthor_mayGetFollowersOnlyVideo() throws Exception {
        TestCatalog catalog = catalog().follow(9, 1002);
        try (ForYouEngine engine = ForYouEngine.inMemory(catalog, VisibilityFilter.standard(catalog), config(),
                InstantSource.system())) {
            List<InteractionEvent> events = watches(2_000, 5, T0).stream().filter(e -> e.userId() != 9).toList();
            engine.accept(events);
            awaitLearnt(engine, events.size());

            List<Recommendation> page = engine.recommend(new FeedRequest(Viewer.member(9), "r1", 50, T0.plusSeconds(3000)));

            assertThat(page).extracting(Recommendation::videoId).contains(501L).doesNotContain(500L);
        }
    }

    @Test
    void feedRequest_badPageSize_isRejectedWithReason() {
        assertThatThrownBy(() -> new FeedRequest(Viewer.member(1), "r1", 0, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageSize");
        assertThatThrownBy(() -> new FeedRequest(Viewer.member(1), " ", 10, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region");
    }

    @Test
    void interactionEvent_ofWatch_appliesPublishedPlayRules() {
        InteractionEvent shortComplete = InteractionEvent.ofWatch(1, 2, T0, 5_000, 5_000, false, false, false, 0, "r");
        InteractionEvent longSkip = InteractionEvent.ofWatch(1, 2, T0, 6_000, 60_000, false, false, false, 0, "r");
        InteractionEvent longWatched = InteractionEvent.ofWatch(1, 2, T0, 18_000, 60_000, false, false, false, 0, "r");

        assertThat(shortComplete.validPlay()).isTrue();
        assertThat(shortComplete.longView()).isTrue();
        assertThat(longSkip.validPlay()).isFalse();
        assertThat(longWatched.validPlay()).isTrue();
        assertThat(longWatched.longView()).isTrue();
    }
}

package org.custos.recsys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopularityRecommenderTest {

    private static final Instant T0 = Instant.parse("2026-01-10T12:00:00Z");

    private static InteractionEvent longView(long user, long video, int second) {
        return InteractionEvent.ofWatch(user, video, T0.plusSeconds(second), 30_000, 30_000, false, false, false, 0,
                "r1");
    }

    @Test
    void recommend_ordersByRecentPositiveWatches_withoutRepeatsOrHiddenVideos() {
        TestCatalog catalog = new TestCatalog();
        for (long id = 1; id <= 4; id++) {
            catalog.add(new Video(id, 100 + id, List.of(), 30_000, T0, "r1", Visibility.PUBLIC));
        }
        catalog.add(new Video(5, 105, List.of(), 30_000, T0, "r1", Visibility.PRIVATE));
        PopularityRecommender recommender = new PopularityRecommender(catalog, VisibilityFilter.standard(catalog),
                Duration.ofHours(6));
        List<InteractionEvent> events = new ArrayList<>();
        int t = 0;
        for (int i = 0; i < 5; i++) {
            events.add(longView(10 + i, 5, t++));
            events.add(longView(10 + i, 3, t++));
        }
        for (int i = 0; i < 3; i++) {
            events.add(longView(20 + i, 1, t++));
        }
        events.add(longView(30, 2, t++));
        events.add(longView(1, 1, t++));
        recommender.accept(events);

        List<Recommendation> page = recommender.recommend(new FeedRequest(Viewer.member(1), "r1", 10, T0));

        assertThat(page).extracting(Recommendation::videoId).containsExactly(3L, 2L);
        assertThat(recommender.recommend(new FeedRequest(Viewer.anonymous(), "r2", 10, T0)))
                .extracting(Recommendation::videoId).containsExactly(3L, 1L, 2L);
    }
}

package org.custos.recsys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.custos.recsys.candidates.Trending;
import org.custos.recsys.candidates.WatchHistory;

/**
 * The simple feed the app runs before (or without) the full engine: what is popular in the viewer's region
 * lately (positive watches, decaying with a half-life), minus what the viewer was already shown, filtered by
 * the app's visibility rule. Events are applied as they arrive, under one lock; requests read published lists.
 */
public final class PopularityRecommender implements Recommender {

    private static final int LIST_SIZE = 2_000;

    private final Catalog catalog;
    private final VisibilityFilter visibility;
    private final Trending trending;
    private final WatchHistory history = new WatchHistory(1_000);

    public PopularityRecommender(Catalog catalog, VisibilityFilter visibility, Duration halfLife) {
        this.catalog = catalog;
        this.visibility = visibility;
        this.trending = new Trending(halfLife, LIST_SIZE);
    }

    @Override
    public List<Recommendation> recommend(FeedRequest request) {
        long user = request.viewer().userId().orElse(-1);
        List<Recommendation> page = new ArrayList<>(request.pageSize());
        List<Long> top = trending.top(request.region(), LIST_SIZE);
        for (int rank = 0; rank < top.size() && page.size() < request.pageSize(); rank++) {
            long id = top.get(rank);
            if (user >= 0 && history.seen(user, id)) {
                continue;
            }
            Optional<Video> video = catalog.video(id);
            if (video.isPresent() && visibility.visible(request.viewer(), video.get())) {
                page.add(new Recommendation(id, 1.0 / (1 + rank), CandidateOrigin.POPULAR));
            }
        }
        return page;
    }

    @Override
    public synchronized void accept(List<InteractionEvent> events) {
        long latest = Long.MIN_VALUE;
        for (InteractionEvent e : events) {
            trending.record(e);
            history.record(e.userId(), e.videoId());
            latest = Math.max(latest, e.at().toEpochMilli());
        }
        if (!events.isEmpty()) {
            trending.refresh(latest);
        }
    }
}

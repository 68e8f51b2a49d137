package org.custos.app.videos;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import org.custos.app.accounts.Authenticator;
import org.custos.recsys.FeedRequest;
import org.custos.recsys.Recommendation;
import org.custos.recsys.Viewer;
import org.custos.app.http.Json;

/**
 * The two feeds. Following is reverse chronological over the caller's follows. For You asks the recommender
 * ({@link ForYouFeed}); its answer is re-checked against the visibility rule in SQL when the videos are read, so
 * even a faulty recommender cannot show a video the caller may not see.
 */
final class FeedRoutes {
    private final VideoStore videos;
    private final ForYouFeed recommender;
    private final Authenticator authenticator;
    private final Clock clock;

    FeedRoutes(VideoStore videos, ForYouFeed recommender, Authenticator authenticator, Clock clock) {
        this.videos = videos;
        this.recommender = recommender;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    void register(HttpRules rules) {
        rules.get("/v1/feeds/following", this::following)
                .get("/v1/feeds/for-you", this::forYou);
    }

    private void following(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        Paging paging = Paging.of(request);
        List<VideoRecord> found = videos.following(me, paging.cursor(), paging.limit() + 1);
        Json.send(response, Status.OK_200, paging.page(found, v -> new Cursor(v.createdAt(), v.id()),
                VideoRecord::view));
    }

    private void forYou(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        Paging paging = Paging.of(request);
        List<Long> ids = recommender.recommend(new FeedRequest(Viewer.member(me), StoreCatalog.REGION,
                paging.limit(), clock.instant())).stream().map(Recommendation::videoId).toList();
        List<VideoRecord> page = videos.findAll(OptionalLong.of(me), ids);
        Json.send(response, Status.OK_200, new Paging.Page<>(page.stream().map(VideoRecord::view).toList(), null));
    }
}

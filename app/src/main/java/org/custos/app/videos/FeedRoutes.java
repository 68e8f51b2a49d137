package org.custos.app.videos;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import org.custos.app.accounts.Authenticator;
import org.custos.app.http.Json;

/**
 * The two feeds. Following is reverse chronological over the caller's follows. For You asks the owner's algorithm
 * through {@link ForYouFeed} (or gets the app's popularity feed when no algorithm answers); the answer is re-checked
 * against the visibility rule in SQL when the videos are read, so even a faulty or hostile algorithm cannot show a
 * video the caller may not see, and a page it left short is filled with popular videos. Neither ever shows the
 * caller their own videos: the algorithm ranks for a pseudonym and cannot tell, so the read leaves them out. The
 * page's {@code Custos-Release} header names what served it.
 */
final class FeedRoutes {
    static final io.helidon.http.HeaderName RELEASE_HEADER = io.helidon.http.HeaderNames.create("Custos-Release");
    private static final int TOP_UP_ROUNDS = 3;
    private final VideoStore videos;
    private final ForYouFeed recommender;
    private final Authenticator authenticator;

    FeedRoutes(VideoStore videos, ForYouFeed recommender, Authenticator authenticator) {
        this.videos = videos;
        this.recommender = recommender;
        this.authenticator = authenticator;
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
        ForYouFeed.Candidates candidates = recommender.candidates(me, paging.limit());
        List<VideoRecord> page = new ArrayList<>(videos.recommendable(me, candidates.videoIds()));
        List<Long> present = new ArrayList<>(candidates.videoIds());
        // The popularity list is up to 10 s old, so a fill can lose a video deleted or hidden since; a few more
        // rounds (each excluding what was already tried) keep the page full while other visible videos exist.
        for (int round = 0; round < TOP_UP_ROUNDS && page.size() < paging.limit(); round++) {
            List<Long> more = recommender.topUp(me, paging.limit() - page.size(), present);
            if (more.isEmpty()) {
                break;
            }
            present.addAll(more);
            page.addAll(videos.recommendable(me, more));
        }
        response.header(RELEASE_HEADER, recommender.releaseHeader(candidates.servedBy()));
        Json.send(response, Status.OK_200, new Paging.Page<>(page.stream().map(VideoRecord::view).toList(), null));
    }
}

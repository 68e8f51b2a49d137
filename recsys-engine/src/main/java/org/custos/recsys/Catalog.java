package org.custos.recsys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The app's view of videos and follows, as the engine needs it. The app implements it over its own storage;
 * the engine never reaches that storage any other way. Calls MUST be cheap (served from memory or a cache):
 * they happen on the request path.
 */
public interface Catalog {

    /** The video, or empty when it does not exist (any more). */
    Optional<Video> video(long videoId);

    /** Videos uploaded at or after {@code since}, newest first, at most {@code limit}. */
    List<Video> uploadedSince(Instant since, int limit);

    /** The newest videos of these authors, newest first, at most {@code limit} in all. */
    List<Video> recentByAuthors(Set<Long> authorIds, int limit);

    /** The user ids that {@code userId} follows. */
    Set<Long> followees(long userId);

    /**
     * Coarse categorical attributes of a user (for example an activity level), each a short token. They are
     * features of the model, so they MUST NOT carry personal data beyond what the policy allows the engine.
     */
    default Set<String> userAttributes(long userId) {
        return Set.of();
    }
}

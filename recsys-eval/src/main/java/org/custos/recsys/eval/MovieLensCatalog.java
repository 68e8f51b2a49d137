package org.custos.recsys.eval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.custos.recsys.Catalog;
import org.custos.recsys.Video;
import org.custos.recsys.Visibility;

/**
 * MovieLens as the engine's {@link Catalog}: one public video per movie, its genres as tags, its release date as
 * upload time, and an author of its own (so the page rule "at most 2 per author" never applies: the data set
 * has no creators). Users carry their age bucket, gender and occupation as attributes; there are no follows.
 */
final class MovieLensCatalog implements Catalog {

    static final String REGION = "movielens";
    /** Author ids start here, far above the data set's user ids, so no movie is "authored" by a viewer. */
    static final long AUTHOR_BASE = 1_000_000_000L;

    private final Map<Long, Video> videos = new HashMap<>();
    private final List<Video> newestFirst;
    private final Map<Long, Set<String>> attributes = new HashMap<>();

    MovieLensCatalog(MovieLensData data) {
        for (MovieLensData.Movie movie : data.movies().values()) {
            videos.put(movie.id(), new Video(movie.id(), AUTHOR_BASE + movie.id(), movie.genres(), 0,
                    MovieLensData.uploaded(movie), REGION, Visibility.PUBLIC));
        }
        newestFirst = new ArrayList<>(videos.values());
        newestFirst.sort(Comparator.comparing(Video::uploadedAt).reversed().thenComparing(Video::id));
        for (MovieLensData.User user : data.users().values()) {
            Set<String> tokens = new LinkedHashSet<>();
            tokens.add("age=" + ageBucket(user.age()));
            tokens.add("gender=" + user.gender());
            tokens.add("occupation=" + user.occupation());
            // a fixed order: Set.copyOf iterates in an order that changes from one JVM run to the next
            attributes.put(user.id(), Collections.unmodifiableSet(tokens));
        }
    }

    /** The age ranges MovieLens-1M publishes instead of ages. */
    static String ageBucket(int age) {
        if (age < 18) {
            return "under18";
        }
        if (age < 25) {
            return "18-24";
        }
        if (age < 35) {
            return "25-34";
        }
        if (age < 45) {
            return "35-44";
        }
        if (age < 50) {
            return "45-49";
        }
        return age < 56 ? "50-55" : "56+";
    }

    int size() {
        return videos.size();
    }

    @Override
    public Optional<Video> video(long videoId) {
        return Optional.ofNullable(videos.get(videoId));
    }

    @Override
    public List<Video> uploadedSince(Instant since, int limit) {
        List<Video> out = new ArrayList<>();
        for (Video v : newestFirst) {
            if (out.size() == limit || v.uploadedAt().isBefore(since)) {
                break;
            }
            out.add(v);
        }
        return out;
    }

    @Override
    public List<Video> recentByAuthors(Set<Long> authorIds, int limit) {
        return List.of();
    }

    @Override
    public Set<Long> followees(long userId) {
        return Set.of();
    }

    @Override
    public Set<String> userAttributes(long userId) {
        return attributes.getOrDefault(userId, Set.of());
    }
}

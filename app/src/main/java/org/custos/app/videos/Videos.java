package org.custos.app.videos;

import io.helidon.webserver.http.HttpRules;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.custos.app.accounts.Authenticator;
import org.custos.recsys.PopularityRecommender;
import org.custos.recsys.Recommender;
import org.custos.recsys.VisibilityFilter;
import org.custos.vault.Vault;

/**
 * The videos feature, wired: upload and streaming, the social graph (follows, likes, comments, shares), watch
 * events and the feeds. Requires the {@code vault} and {@code app} migrations. docs/api.md lists the routes.
 */
public final class Videos {
    /** How fast popularity fades in the For You feed until the recommendation engine replaces it. */
    private static final Duration POPULARITY_HALF_LIFE = Duration.ofHours(6);

    private final VideoRoutes videoRoutes;
    private final SocialRoutes socialRoutes;
    private final EventRoutes eventRoutes;
    private final FeedRoutes feedRoutes;
    private final UserData userData;

    private Videos(DataSource dataSource, Vault vault, Authenticator authenticator, Clock clock, SecureRandom random,
                   VideoSettings settings, BlobStore blobs) {
        Identities identities = new Identities(vault);
        VideoStore videos = new VideoStore(dataSource, vault, identities);
        SocialStore social = new SocialStore(dataSource, vault, identities);
        WatchEvents events = new WatchEvents(dataSource, vault, identities);
        StoreCatalog catalog = new StoreCatalog(dataSource, identities, clock);
        Recommender recommender = new PopularityRecommender(catalog, VisibilityFilter.standard(catalog),
                POPULARITY_HALF_LIFE);
        this.videoRoutes = new VideoRoutes(videos, blobs, vault, authenticator, settings, clock, random);
        this.socialRoutes = new SocialRoutes(videos, social, authenticator, settings, clock);
        this.eventRoutes = new EventRoutes(events, recommender, authenticator, settings, clock);
        this.feedRoutes = new FeedRoutes(videos, recommender, authenticator, clock);
        this.userData = new UserData(dataSource, vault, identities, videos, social, blobs);
    }

    /** The feature over {@code blobs}; the server passes a {@link LocalDirectoryBlobStore} by default. */
    public static Videos create(DataSource dataSource, Vault vault, Authenticator authenticator, Clock clock,
                                SecureRandom random, VideoSettings settings, BlobStore blobs) {
        return new Videos(dataSource, vault, authenticator, clock, random, settings, blobs);
    }

    /**
     * Everything the user uploaded and did (videos with media links, follows both ways, likes, shares, comments,
     * watch history), decrypted under their own context, for {@code GET /v1/me/export}.
     */
    public Map<String, Object> export(long userId) {
        return userData.export(userId);
    }

    /**
     * Removes the user's videos (and their media), follows, likes, shares, comments and watch history, keeping
     * every public counter equal to the rows that remain. MUST run before the user's data key is shredded.
     */
    public void erase(long userId) {
        userData.erase(userId);
    }

    public void register(HttpRules rules) {
        feedRoutes.register(rules);
        videoRoutes.register(rules);
        socialRoutes.register(rules);
        eventRoutes.register(rules);
    }
}

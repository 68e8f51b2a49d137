package org.custos.app.videos;

import io.helidon.webserver.http.HttpRules;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.custos.app.accounts.Authenticator;
import org.custos.vault.Vault;

/**
 * The videos feature, wired: upload and streaming, the social graph (follows, likes, comments, shares), watch
 * events and the feeds. Requires the {@code vault} and {@code app} migrations. docs/api.md lists the routes.
 */
public final class Videos implements AutoCloseable {

    private final VideoRoutes videoRoutes;
    private final SocialRoutes socialRoutes;
    private final EventRoutes eventRoutes;
    private final FeedRoutes feedRoutes;
    private final UserData userData;
    private final ForYouFeed forYou;

    private Videos(DataSource dataSource, Vault vault, Authenticator authenticator, Clock clock, SecureRandom random,
                   VideoSettings settings, BlobStore blobs, RecommenderSettings recommender) {
        Identities identities = new Identities(vault);
        VideoStore videos = new VideoStore(dataSource, vault, identities);
        SocialStore social = new SocialStore(dataSource, vault, identities);
        WatchEvents events = new WatchEvents(dataSource, vault, identities);
        StoreCatalog catalog = new StoreCatalog(dataSource, identities, clock);
        this.forYou = ForYouFeed.open(recommender, dataSource, vault, identities, catalog, clock);
        this.videoRoutes = new VideoRoutes(videos, blobs, vault, authenticator, settings, clock, random);
        this.socialRoutes = new SocialRoutes(videos, social, authenticator, settings, clock);
        this.eventRoutes = new EventRoutes(events, forYou, authenticator, settings, clock);
        this.feedRoutes = new FeedRoutes(videos, forYou, authenticator, clock);
        this.userData = new UserData(dataSource, vault, identities, videos, social, blobs);
    }

    /**
     * The feature over {@code blobs} (the server passes a {@link LocalDirectoryBlobStore} by default), with the For
     * You feed served by the recommender {@code recommender} names. Close it to stop the recommender (the For You
     * engine then writes its final snapshot).
     */
    public static Videos create(DataSource dataSource, Vault vault, Authenticator authenticator, Clock clock,
                                SecureRandom random, VideoSettings settings, BlobStore blobs,
                                RecommenderSettings recommender) {
        return new Videos(dataSource, vault, authenticator, clock, random, settings, blobs, recommender);
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

    /**
     * The user's watch history, oldest first, each event opened in {@code context}: every open by anyone but the
     * user is an audited vault read.
     */
    public java.util.List<Map<String, Object>> watchHistory(org.custos.vault.AccessContext context, long userId) {
        return userData.watchHistory(context, userId);
    }

    /** The For You engine's aggregate training measurements; empty when the popularity recommender serves. */
    public java.util.Optional<org.custos.recsys.TrainingTelemetry> recommenderTelemetry() {
        return forYou.telemetry();
    }

    /** Stops the recommender; the For You engine writes a final snapshot. */
    @Override
    public void close() {
        forYou.close();
    }

    public void register(HttpRules rules) {
        feedRoutes.register(rules);
        videoRoutes.register(rules);
        socialRoutes.register(rules);
        eventRoutes.register(rules);
    }
}

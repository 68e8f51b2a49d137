package org.custos.app.videos;

import io.helidon.webserver.http.HttpRules;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.custos.app.accounts.Authenticator;
import org.custos.app.foryou.FactFeed;
import org.custos.app.foryou.RankingPort;
import org.custos.app.foryou.ReleaseHeader;
import org.custos.vault.AccessContext;
import org.custos.vault.Vault;

/**
 * The videos feature, wired: upload and streaming, the social graph (follows, likes, comments, shares), watch
 * events and the feeds. Requires the {@code vault} and {@code app} migrations. docs/api.md lists the routes.
 */
public final class Videos {

    private final VideoRoutes videoRoutes;
    private final SocialRoutes socialRoutes;
    private final EventRoutes eventRoutes;
    private final FeedRoutes feedRoutes;
    private final UserData userData;
    private final ForYouFeed forYou;
    private final DataSource dataSource;
    private final Vault vault;
    private final BlobStore blobs;

    private Videos(DataSource dataSource, Vault vault, Authenticator authenticator, Clock clock, SecureRandom random,
                   VideoSettings settings, BlobStore blobs) {
        Identities identities = new Identities(vault);
        VideoStore videos = new VideoStore(dataSource, vault, identities);
        SocialStore social = new SocialStore(dataSource, vault, identities);
        WatchEvents events = new WatchEvents(dataSource, vault, identities);
        this.dataSource = dataSource;
        this.vault = vault;
        this.blobs = blobs;
        this.forYou = new ForYouFeed(dataSource, vault, clock);
        this.videoRoutes = new VideoRoutes(videos, blobs, vault, authenticator, settings, clock, random, forYou);
        this.socialRoutes = new SocialRoutes(videos, social, authenticator, settings, clock, forYou);
        this.eventRoutes = new EventRoutes(events, forYou, authenticator, settings, clock);
        this.feedRoutes = new FeedRoutes(videos, forYou, authenticator);
        this.userData = new UserData(dataSource, vault, identities, videos, social, blobs);
    }

    /** The feature over {@code blobs} (the server passes a {@link LocalDirectoryBlobStore} by default). */
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
     * every public counter equal to the rows that remain, and tells the owner's algorithm to forget the user.
     * MUST run before the user's data key is shredded.
     */
    public void erase(long userId) {
        List<Long> videos = userData.erase(userId);
        forYou.erased(userId, videos);
    }

    /**
     * The user's watch history, oldest first, each event opened in {@code context}: every open by anyone but the
     * user is an audited vault read.
     */
    public List<Map<String, Object>> watchHistory(AccessContext context, long userId) {
        return userData.watchHistory(context, userId);
    }

    /** The facts the owner's algorithm learns from, for the server's engine supervisor. */
    public FactFeed facts() {
        return forYou.facts();
    }

    /** Where For You asks the owner's algorithm from now on (the server's engine supervisor). */
    public void attach(RankingPort port, ReleaseHeader header) {
        forYou.attach(port, header);
    }

    /**
     * Bulk imports through the same stores as the routes; videos and watch events it adds reach the owner's
     * algorithm like uploads and watches do.
     */
    public ImportedContent importer() {
        return ImportedContent.create(dataSource, vault, blobs, forYou);
    }

    public void register(HttpRules rules) {
        feedRoutes.register(rules);
        videoRoutes.register(rules);
        socialRoutes.register(rules);
        eventRoutes.register(rules);
    }
}

package org.custos.app.videos;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.custos.app.accounts.Authenticator;
import org.custos.app.accounts.Handles;
import org.custos.app.http.FieldError;
import org.custos.app.http.Json;
import org.custos.app.http.JsonBody;
import org.custos.app.http.NoBody;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;

/**
 * Follows, likes, comments and shares. Every action on a video first checks that the caller may see it (404
 * otherwise), so the social routes cannot be used to probe private videos.
 */
final class SocialRoutes {
    static final int MAX_COMMENT = 1_000;

    private final VideoStore videos;
    private final SocialStore social;
    private final Authenticator authenticator;
    private final VideoSettings settings;
    private final Clock clock;
    private final ForYouFeed forYou;

    SocialRoutes(VideoStore videos, SocialStore social, Authenticator authenticator, VideoSettings settings,
                 Clock clock, ForYouFeed forYou) {
        this.forYou = forYou;
        this.videos = videos;
        this.social = social;
        this.authenticator = authenticator;
        this.settings = settings;
        this.clock = clock;
    }

    record UserView(String handle) {
    }

    void register(HttpRules rules) {
        rules.put("/v1/users/{handle}/follow", this::follow)
                .delete("/v1/users/{handle}/follow", this::unfollow)
                .get("/v1/users/{handle}/videos", this::userVideos)
                .get("/v1/me/following", this::following)
                .get("/v1/me/followers", this::followers)
                .put("/v1/videos/{id}/like", this::like)
                .delete("/v1/videos/{id}/like", this::unlike)
                .post("/v1/videos/{id}/shares", this::share)
                .post("/v1/videos/{id}/comments", this::comment)
                .get("/v1/videos/{id}/comments", this::comments)
                .delete("/v1/comments/{id}", this::deleteComment);
    }

    private void follow(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        long other = user(request);
        if (other == me) {
            throw ProblemException.invalid(List.of(new FieldError("handle", "cannot be your own")));
        }
        social.follow(me, other, clock.instant());
        forYou.followed(me, other, true);
        response.status(Status.NO_CONTENT_204).send();
    }

    private void unfollow(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        long other = user(request);
        social.unfollow(me, other);
        forYou.followed(me, other, false);
        response.status(Status.NO_CONTENT_204).send();
    }

    private void userVideos(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        long author = user(request);
        Paging paging = Paging.of(request);
        List<VideoRecord> found = videos.byAuthor(OptionalLong.of(me), author, paging.cursor(), paging.limit() + 1);
        Json.send(response, Status.OK_200, paging.page(found, v -> new Cursor(v.createdAt(), v.id()),
                VideoRecord::view));
    }

    private void following(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        Paging paging = Paging.of(request);
        Json.send(response, Status.OK_200, paging.page(social.following(me, paging.cursor(), paging.limit() + 1),
                SocialStore.Edge::cursor, e -> new UserView(e.handle())));
    }

    private void followers(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        Paging paging = Paging.of(request);
        Json.send(response, Status.OK_200, paging.page(social.followers(me, paging.cursor(), paging.limit() + 1),
                SocialStore.Edge::cursor, e -> new UserView(e.handle())));
    }

    private void like(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        VideoRecord video = visible(me, request);
        social.like(me, video.id(), clock.instant());
        Json.send(response, Status.OK_200, visible(me, request).view());
    }

    private void unlike(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        VideoRecord video = visible(me, request);
        social.unlike(me, video.id());
        Json.send(response, Status.OK_200, visible(me, request).view());
    }

    /** Once per user and video: a repeat share answers the same video and moves no counter. */
    private void share(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        NoBody.require(request);
        VideoRecord video = visible(me, request);
        social.share(me, video.id(), clock.instant());
        Json.send(response, Status.OK_200, visible(me, request).view());
    }

    private void comment(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        VideoRecord video = visible(me, request);
        JsonBody body = JsonBody.read(request, settings.maxBodyBytes());
        Optional<String> text = body.requiredString("text").map(String::strip);
        if (text.isPresent() && (text.get().isEmpty() || text.get().length() > MAX_COMMENT
                || !FreeText.allowed(text.get()))) {
            body.reject("text", "must be 1 to " + MAX_COMMENT + " characters, " + FreeText.RULE);
        }
        body.finish();
        long id = social.comment(me, video.id(), video.visibility() == Visibility.PUBLIC, text.orElseThrow(),
                clock.instant());
        response.header(HeaderNames.LOCATION, "/v1/comments/" + id);
        SocialStore.Comment created = social.comments(me, video.id(), new Cursor(Cursor.START.at(), id + 1), 1)
                .getFirst();
        Json.send(response, Status.CREATED_201, created.view());
    }

    private void comments(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        VideoRecord video = visible(me, request);
        Paging paging = Paging.of(request);
        List<SocialStore.Comment> found = social.comments(me, video.id(), paging.cursor(), paging.limit() + 1);
        Json.send(response, Status.OK_200, paging.page(found, c -> new Cursor(c.createdAt(), c.id()),
                SocialStore.Comment::view));
    }

    private void deleteComment(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        long id = Ids.parse(request.path().pathParameters().get("id")).orElseThrow(SocialRoutes::noComment);
        if (!social.deleteComment(me, id)) {
            throw noComment();
        }
        response.status(Status.NO_CONTENT_204).send();
    }

    private static ProblemException noComment() {
        return ProblemException.of(ProblemType.NOT_FOUND, "No comment of yours has this id.");
    }

    private VideoRecord visible(long me, ServerRequest request) {
        return videos.find(OptionalLong.of(me), VideoRoutes.videoId(request)).orElseThrow(VideoRoutes::notFound);
    }

    // A path segment that breaks the handle rule cannot name a user: it is answered like an unknown handle
    // without a query, since some (a NUL) the database would refuse with an error. The rule is checked before
    // lower-casing, which would turn some non-ASCII letters (the Kelvin sign) into ASCII ones.
    private long user(ServerRequest request) {
        String handle = request.path().pathParameters().get("handle");
        Optional<Long> id = Handles.wellFormed(handle)
                ? social.userIdByHandle(handle.toLowerCase(Locale.ROOT)) : Optional.empty();
        return id.orElseThrow(() -> ProblemException.of(ProblemType.NOT_FOUND, "No user has this handle."));
    }
}

package org.custos.recsys;

import java.time.Instant;
import java.util.Objects;

/**
 * One impression of a video to a member and what the member did with it. Event time, not arrival time, orders
 * training. The outcome fields are labels: the engine learns from them and never uses them as features of the
 * same impression.
 *
 * @param userId         the viewer
 * @param videoId        the video shown
 * @param at             when it was shown
 * @param watchedMs      how long it played
 * @param validPlay      a valid play (click): played to the end if short, else more than 7 s
 * @param longView       a long view: played to the end if at most 18 s, else at least 18 s
 * @param liked          the viewer liked it
 * @param notInterested  the viewer said "not interested" (a strong negative)
 * @param followedAuthor the viewer followed the author from this video
 * @param surface        where it was shown (the app's code for feed tab or page); a context feature
 * @param region         the viewer's region when it was shown (feeds regional trending)
 */
public record InteractionEvent(long userId, long videoId, Instant at, long watchedMs, boolean validPlay,
                               boolean longView, boolean liked, boolean notInterested, boolean followedAuthor,
                               int surface, String region) {

    /** Plays shorter than this are not valid plays unless the video ended first. */
    public static final long VALID_PLAY_MS = 7_000;
    /** Plays of at least this long are long views, as are complete plays of shorter videos. */
    public static final long LONG_VIEW_MS = 18_000;

    public InteractionEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(region, "region");
        if (userId < 0 || videoId < 0) {
            throw new IllegalArgumentException("ids must not be negative: user " + userId + ", video " + videoId);
        }
        if (watchedMs < 0) {
            throw new IllegalArgumentException("watchedMs must not be negative, got " + watchedMs);
        }
    }

    /** An event whose play labels follow from play time and video length by the published rules. */
    public static InteractionEvent ofWatch(long userId, long videoId, Instant at, long watchedMs, long durationMs,
                                           boolean liked, boolean notInterested, boolean followedAuthor,
                                           int surface, String region) {
        boolean validPlay = durationMs > 0 && durationMs <= VALID_PLAY_MS ? watchedMs >= durationMs
                : watchedMs > VALID_PLAY_MS;
        boolean longView = durationMs > 0 && durationMs <= LONG_VIEW_MS ? watchedMs >= durationMs
                : watchedMs >= LONG_VIEW_MS;
        return new InteractionEvent(userId, videoId, at, watchedMs, validPlay, longView, liked, notInterested,
                followedAuthor, surface, region);
    }

    /** A watch that carries a positive signal: what the engine counts as "watched" for trending. */
    public boolean positive() {
        return longView || liked;
    }
}

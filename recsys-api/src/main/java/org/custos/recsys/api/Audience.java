package org.custos.recsys.api;

/**
 * Who may see a video, as its author chose. Private videos never cross into the algorithm: a video that becomes
 * private is {@link Fact.VideoWithdrawn withdrawn}. The host re-checks every answer against the app's own rule,
 * so this is a hint that spares the algorithm ranking what it may not show.
 */
public enum Audience {
    /** Everyone. */
    PUBLIC,
    /** The author's followers (and the author). */
    FOLLOWERS
}

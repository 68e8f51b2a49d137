package org.custos.gateway;

import java.util.Collection;
import java.util.List;

/**
 * The public side of the app's catalogue, read by the {@code public-content} and {@code trust-and-safety} flows.
 * Every method MUST return public videos only: a followers-only or private video is indistinguishable from one
 * that does not exist.
 */
public interface PublicCatalog {

    /** Public videos with an id greater than {@code afterId}, ascending by id, at most {@code limit}. */
    List<PublicVideo> publicVideosAfter(long afterId, int limit);

    /** Those of {@code ids} that are public videos, ascending by id. */
    List<PublicVideo> publicVideos(Collection<Long> ids);

    /**
     * Opaque keys of up to {@code limit} users who liked the public video {@code videoId}: stable per user (the same
     * user gives the same key on every video) and never an id or any other value the user is known by, for example
     * the hex of a keyed blind index. Who liked what is PROTECTED: the gateway delivers these keys only pseudonymised
     * per recipient.
     */
    List<String> likerKeys(long videoId, int limit);
}

package org.custos.recsys;

import java.time.Instant;
import java.util.Objects;

/**
 * One feed page asked for by one viewer.
 *
 * @param viewer   who asks: a member (by user id) or an anonymous visitor
 * @param region   the viewer's region code, used for regional trending; never blank
 * @param pageSize how many videos the page holds, 1 to {@value #MAX_PAGE_SIZE}
 * @param at       when the request is made (the app's clock, so tests control it)
 */
public record FeedRequest(Viewer viewer, String region, int pageSize, Instant at) {

    public static final int MAX_PAGE_SIZE = 200;

    public FeedRequest {
        Objects.requireNonNull(viewer, "viewer");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(at, "at");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region must not be blank");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be in 1.." + MAX_PAGE_SIZE + ", got " + pageSize);
        }
    }
}

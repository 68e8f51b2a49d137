package org.custos.recsys;

import java.util.List;

/**
 * What the app's For You feed calls: a page of videos for one viewer, and the stream of what viewers did.
 *
 * <p>Implementations MUST be safe to call from many request threads at once, MUST NOT return a video the
 * {@link VisibilityFilter} hides from the viewer, and MUST NOT block {@link #recommend} on training.
 * {@link #accept} MUST return quickly: events are queued and reach the model within seconds, not inline.
 */
public interface Recommender {

    /** A page of at most {@code request.pageSize()} distinct videos, best first; empty when nothing fits. */
    List<Recommendation> recommend(FeedRequest request);

    /** Hands over watch events in the order they happened. Events for unknown videos are kept but not learnt. */
    void accept(List<InteractionEvent> events);
}

package org.custos.recsys;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EventSource} held in memory: the default for one process, where the app hands events to
 * {@link Recommender#accept}. Positions are indices. It is as durable as the process; production puts a
 * replicated log (Kafka) behind the same interface so that a restart can replay from a snapshot's position.
 */
public final class InMemoryEventLog implements EventSource {

    private final List<InteractionEvent> events = new ArrayList<>();

    public synchronized void append(List<InteractionEvent> batch) {
        events.addAll(List.copyOf(batch));
    }

    /** Position after the last event appended. */
    public synchronized long end() {
        return events.size();
    }

    @Override
    public synchronized Batch poll(long position, int max) {
        if (position < 0 || position > events.size()) {
            throw new IllegalArgumentException("position " + position + " is outside 0.." + events.size());
        }
        int to = (int) Math.min(events.size(), position + Math.max(0, max));
        return new Batch(new ArrayList<>(events.subList((int) position, to)), to);
    }
}

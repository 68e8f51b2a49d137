package org.custos.recsys;

import java.util.List;

/**
 * An ordered, replayable stream of events addressed by position (an offset, as in a Kafka partition). The
 * engine polls it, and a snapshot records the position after the last event it learnt, so after a restart the
 * engine replays from there and loses nothing that the source still holds.
 */
public interface EventSource {

    /** Up to {@code max} events starting at {@code position}; an empty batch when none are there yet. */
    Batch poll(long position, int max);

    /**
     * Events read from a source.
     *
     * @param events the events, in stream order
     * @param next   the position to poll next
     */
    record Batch(List<InteractionEvent> events, long next) {
        public Batch {
            events = List.copyOf(events);
            if (next < 0) {
                throw new IllegalArgumentException("next must not be negative, got " + next);
            }
        }
    }
}

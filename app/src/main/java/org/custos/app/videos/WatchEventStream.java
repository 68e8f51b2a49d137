package org.custos.app.videos;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * One consumer's ordered stream of the app's watch events (each fact subscription of the For You feed has one).
 * A position is a watch-event row id ({@code app_watch_events.id}), so a snapshot's position is something the event
 * table can replay from.
 *
 * <p>Events arrive two ways. Live: after a batch commits, the ingesting request hands its new events over
 * ({@link #handOff}), and the next poll returns them; nothing is read back from the database. Replay: on start
 * (and after the live queue overflowed), polls read the rows after the position from the table through
 * {@link WatchEventReplay} (vault reads as the service principal {@code recommender}) until the table has nothing
 * more, then switch to the live queue, dropping hand-offs of rows the replay already returned.
 *
 * <p>Why the position is a watermark: row ids are drawn when a batch's statement runs, but batches commit (and are
 * handed over) in any order, so a batch with smaller ids can arrive after one with larger ids. The position
 * reported to the engine is the largest id at or below which every committed event has been delivered. Each
 * ingestion takes a {@link Ticket} before its statement; the ticket's floor is the largest id seen so far, and the
 * rows the statement adds get larger ids (the sequence only grows). The watermark never passes the floor of a
 * ticket in flight nor the smallest queued id. A restart therefore loses no event; at worst, events just above the
 * snapshot's watermark that were learnt before it are learnt again (at-least-once).
 */
final class WatchEventStream {
    /** Where the stream reads stored events back (the event table, through the vault). */
    interface Table {
        /** Up to {@code max} rows with an id above {@code position}, in id order. */
        WatchEventReplay.Page after(long position, int max);

        /** Replay is over for now: drop what only the replay needed. */
        default void replayDone() {
        }
    }

    /**
     * An event with its row id; {@code counted} when its read was already accounted for (the replay opened it
     * through the vault), false for a live hand-off whose plaintext came from the request.
     */
    record Positioned(long position, StoredWatch event, boolean counted) {
    }

    /**
     * Events read from the stream.
     *
     * @param events the events, in stream order
     * @param next   the position to poll next: every committed event at or below it has been delivered
     */
    record Batch(List<Positioned> events, long next) {
        Batch {
            events = List.copyOf(events);
        }
    }

    /** An ingestion in flight; its rows get ids above {@code floor}. */
    static final class Ticket {
        private final long floor;
        private boolean done;

        private Ticket(long floor) {
            this.floor = floor;
        }
    }

    private final Table replay;
    private final int queueCapacity;
    private final ArrayDeque<Positioned> queue = new ArrayDeque<>();
    /** Floors of the tickets in flight, with their counts. */
    private final TreeMap<Long, Integer> floors = new TreeMap<>();
    /**
     * Row ids the replay returned that a ticket in flight may still hand over (those above the lowest floor), so
     * that they are not learnt twice; emptied whenever no ticket is in flight.
     */
    private final Set<Long> replayed = new HashSet<>();
    private boolean replaying = true;
    private long replayCursor = -1;
    private long highestSeen;
    private long highestDelivered;

    WatchEventStream(Table replay, int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("the live queue needs room for one event, got " + queueCapacity);
        }
        this.replay = replay;
        this.queueCapacity = queueCapacity;
    }

    /** Called before an ingestion's statement runs; pass the ticket to {@link #handOff} or {@link #abandon}. */
    synchronized Ticket begin() {
        Ticket ticket = new Ticket(highestSeen);
        floors.merge(ticket.floor, 1, Integer::sum);
        return ticket;
    }

    /** The committed batch's new events; releases the ticket. */
    synchronized void handOff(Ticket ticket, List<Positioned> events) {
        if (!release(ticket)) {
            return;
        }
        for (Positioned p : events) {
            highestSeen = Math.max(highestSeen, p.position());
            if (!replayed.contains(p.position())) {
                queue.add(p);
            }
        }
        forgetReplayedWhenSafe();
        if (queue.size() > queueCapacity) {
            // The trainer fell behind: drop the queue and read the table again from the watermark, which is
            // below every queued id, so nothing dropped is lost.
            queue.clear();
            replaying = true;
            replayCursor = -1;
        }
    }

    /** The ingestion failed or stored nothing; releases the ticket. */
    synchronized void abandon(Ticket ticket) {
        release(ticket);
        forgetReplayedWhenSafe();
    }

    /** Up to {@code max} events after {@code position}; an empty batch when none are there yet. */
    Batch poll(long position, int max) {
        long cursor;
        synchronized (this) {
            if (!replaying) {
                List<Positioned> out = new ArrayList<>(Math.min(max, queue.size()));
                while (out.size() < max && !queue.isEmpty()) {
                    Positioned p = queue.poll();
                    highestDelivered = Math.max(highestDelivered, p.position());
                    out.add(p);
                }
                return new Batch(out, watermark(position));
            }
            if (replayCursor < 0) {
                replayCursor = position;
            }
            cursor = replayCursor;
        }
        // The table is read outside the lock, so ingestion never waits for the vault.
        WatchEventReplay.Page page = replay.after(cursor, max);
        synchronized (this) {
            List<Positioned> out = new ArrayList<>(page.events().size());
            Set<Long> ids = new HashSet<>();
            for (Positioned p : page.events()) {
                out.add(p);
                ids.add(p.position());
                if (!floors.isEmpty() && p.position() > floors.firstKey()) {
                    replayed.add(p.position());
                }
            }
            if (!ids.isEmpty()) {
                queue.removeIf(p -> ids.contains(p.position()));
            }
            replayCursor = Math.max(replayCursor, page.lastRow());
            highestSeen = Math.max(highestSeen, page.lastRow());
            highestDelivered = Math.max(highestDelivered, page.lastRow());
            if (page.rows() < max) {
                replaying = false;
                replay.replayDone();
            }
            return new Batch(out, watermark(position));
        }
    }

    /** Whether the stream still reads stored events back (false once it has reached the table's end). */
    synchronized boolean replaying() {
        return replaying;
    }

    /** Events waiting in the live queue. */
    synchronized int queued() {
        return queue.size();
    }

    private long watermark(long position) {
        long mark = highestDelivered;
        for (Iterator<Positioned> it = queue.iterator(); it.hasNext(); ) {
            mark = Math.min(mark, it.next().position() - 1);
        }
        if (!floors.isEmpty()) {
            mark = Math.min(mark, floors.firstKey());
        }
        if (replaying) {
            mark = Math.min(mark, replayCursor < 0 ? position : replayCursor);
        }
        return Math.max(position, mark);
    }

    private boolean release(Ticket ticket) {
        if (ticket.done) {
            return false;
        }
        ticket.done = true;
        floors.computeIfPresent(ticket.floor, (k, n) -> n == 1 ? null : n - 1);
        return true;
    }

    private void forgetReplayedWhenSafe() {
        if (floors.isEmpty()) {
            replayed.clear();
        }
    }
}

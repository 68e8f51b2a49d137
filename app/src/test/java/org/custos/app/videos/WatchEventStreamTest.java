package org.custos.app.videos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WatchEventStreamTest {

    /** The event table as rows by id; committed rows only. */
    private static final class Rows implements WatchEventStream.Table {
        final TreeMap<Long, WatchEventStream.Positioned> committed = new TreeMap<>();

        void commit(long... ids) {
            for (long id : ids) {
                committed.put(id, positioned(id));
            }
        }

        @Override
        public WatchEventReplay.Page after(long position, int max) {
            List<WatchEventStream.Positioned> out = new ArrayList<>(committed.tailMap(position, false).values());
            out = out.subList(0, Math.min(max, out.size()));
            return new WatchEventReplay.Page(out, out.size(), out.isEmpty() ? position : out.getLast().position());
        }
    }

    private static WatchEventStream.Positioned positioned(long id) {
        // the video id carries the row id, so a test can tell events apart
        return new WatchEventStream.Positioned(id, new StoredWatch(1, id, Instant.EPOCH, 20_000, 15_000, false, false,
                false), false);
    }

    private static List<Long> videos(WatchEventStream.Batch batch) {
        return batch.events().stream().map(p -> p.event().videoId()).toList();
    }

    @Test
    void poll_afterSnapshot_replaysTheTableThenServesHandOffs() {
        Rows rows = new Rows();
        rows.commit(1, 2, 3, 4);
        WatchEventStream stream = new WatchEventStream(rows, 100);

        WatchEventStream.Batch replayed = stream.poll(2, 10);
        WatchEventStream.Ticket ticket = stream.begin();
        rows.commit(5);
        stream.handOff(ticket, List.of(positioned(5)));
        WatchEventStream.Batch live = stream.poll(replayed.next(), 10);

        assertThat(videos(replayed)).containsExactly(3L, 4L);
        assertThat(replayed.next()).isEqualTo(4);
        assertThat(videos(live)).containsExactly(5L);
        assertThat(live.next()).isEqualTo(5);
    }

    @Test
    void poll_laterBatchCommitsFirst_watermarkWaitsForTheEarlierOne() {
        WatchEventStream stream = new WatchEventStream(new Rows(), 100);
        long position = stream.poll(0, 10).next();
        WatchEventStream.Ticket first = stream.begin();
        WatchEventStream.Ticket second = stream.begin();

        stream.handOff(second, List.of(positioned(3), positioned(4)));
        WatchEventStream.Batch early = stream.poll(position, 10);
        stream.handOff(first, List.of(positioned(1), positioned(2)));
        WatchEventStream.Batch late = stream.poll(early.next(), 10);

        assertThat(videos(early)).containsExactly(3L, 4L);
        assertThat(early.next()).as("rows 1 and 2 are still in flight").isZero();
        assertThat(videos(late)).containsExactly(1L, 2L);
        assertThat(late.next()).isEqualTo(4);
    }

    @Test
    void handOff_ofARowTheReplayAlreadyReturned_isNotLearntTwice() {
        Rows rows = new Rows();
        WatchEventStream stream = new WatchEventStream(rows, 100);
        WatchEventStream.Ticket ticket = stream.begin();
        rows.commit(1);

        WatchEventStream.Batch replayed = stream.poll(0, 10);
        stream.handOff(ticket, List.of(positioned(1)));
        WatchEventStream.Batch live = stream.poll(replayed.next(), 10);

        assertThat(videos(replayed)).containsExactly(1L);
        assertThat(live.events()).isEmpty();
        assertThat(live.next()).isEqualTo(1);
    }

    @Test
    void handOff_beyondTheQueueCapacity_fallsBackToTheTableWithoutLosingEvents() {
        Rows rows = new Rows();
        WatchEventStream stream = new WatchEventStream(rows, 2);
        long position = stream.poll(0, 10).next();
        WatchEventStream.Ticket ticket = stream.begin();
        rows.commit(1, 2, 3);

        stream.handOff(ticket, List.of(positioned(1), positioned(2), positioned(3)));
        WatchEventStream.Batch batch = stream.poll(position, 10);

        assertThat(stream.queued()).isZero();
        assertThat(videos(batch)).containsExactly(1L, 2L, 3L);
        assertThat(batch.next()).isEqualTo(3);
    }

    @Test
    void abandon_releasesTheTicket_soTheWatermarkMovesOn() {
        WatchEventStream stream = new WatchEventStream(new Rows(), 100);
        long position = stream.poll(0, 10).next();
        WatchEventStream.Ticket failed = stream.begin();
        WatchEventStream.Ticket stored = stream.begin();
        stream.handOff(stored, List.of(positioned(7)));
        assertThat(stream.poll(position, 10).next()).isZero();

        stream.abandon(failed);

        assertThat(stream.poll(0, 10).next()).isEqualTo(7);
    }
}

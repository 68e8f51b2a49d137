package org.custos.recsys;

import java.time.Instant;
import java.util.Objects;

/**
 * What a model snapshot was trained on, for the transparency log: the event-time window, how many events (and
 * how many positive ones) it learnt, a SHA-256 chain over every learnt event in order (so two parties holding the
 * same events can recompute it), the stream position it covers, and the engine's code version.
 *
 * <p>The digest chain is {@code d_0 = 32 zero bytes}, {@code d_n = SHA-256(d_{n-1} || e_n)} over the learnt
 * events in stream order, where {@code e_n} is: user id, video id, event time in ms, watched ms (each an 8-byte
 * big-endian integer), one byte of flags (bit 0 valid play, 1 long view, 2 liked, 3 not interested, 4 followed
 * author), then the surface (4 bytes). It depends on the events and their order only, not on how the trainer
 * happened to batch them, so a restart that replays from a snapshot reaches the same digest.
 *
 * @param firstEvent  time of the earliest event learnt (epoch when none)
 * @param lastEvent   time of the latest event learnt (epoch when none)
 * @param events      events learnt
 * @param positives   of which long views or likes
 * @param dataDigest  hex SHA-256 chain value after the last event
 * @param position    stream position after the last event
 * @param codeVersion version of the engine code that trained it
 */
public record Lineage(Instant firstEvent, Instant lastEvent, long events, long positives, String dataDigest,
                      long position, String codeVersion) {

    public Lineage {
        Objects.requireNonNull(firstEvent, "firstEvent");
        Objects.requireNonNull(lastEvent, "lastEvent");
        Objects.requireNonNull(dataDigest, "dataDigest");
        Objects.requireNonNull(codeVersion, "codeVersion");
        if (events < 0 || positives < 0 || positives > events || position < 0) {
            throw new IllegalArgumentException("inconsistent counts: events " + events + ", positives " + positives
                    + ", position " + position);
        }
    }
}

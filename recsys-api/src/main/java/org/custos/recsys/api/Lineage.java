package org.custos.recsys.api;

import java.util.HexFormat;
import java.util.Objects;

/**
 * What a model snapshot was trained on, as the algorithm reports it: the event-time window, how many watch facts
 * (and how many positive ones) it learnt, and a SHA-256 chain over them in order. The host logs it with the
 * release digest and the stream position it recorded itself, never anything the algorithm chose to write.
 *
 * @param firstEventMs earliest event learnt (0 when none)
 * @param lastEventMs  latest event learnt (0 when none)
 * @param events       events learnt
 * @param positives    of which positive
 * @param dataDigest   the 32-byte chain value, as 64 lower-case hex digits
 */
public record Lineage(long firstEventMs, long lastEventMs, long events, long positives, String dataDigest) {

    public static final Lineage EMPTY = new Lineage(0, 0, 0, 0, "0".repeat(64));

    public Lineage {
        Objects.requireNonNull(dataDigest, "dataDigest");
        if (events < 0 || positives < 0 || positives > events) {
            throw new IllegalArgumentException("inconsistent counts: events " + events + ", positives " + positives);
        }
        if (dataDigest.length() != 64 || !dataDigest.chars().allMatch(c -> (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("dataDigest must be 64 lower-case hex digits");
        }
    }

    /** The digest's 32 bytes. */
    public byte[] digestBytes() {
        return HexFormat.of().parseHex(dataDigest);
    }
}

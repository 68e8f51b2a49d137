package org.custos.recsys.training;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.Lineage;

/** Keeps the running {@link Lineage} of what the model learnt: counts, window and the digest chain. */
final class LineageTracker {

    private static final int EVENT_BYTES = 8 * 4 + 1 + 4;

    private byte[] chain = new byte[32];
    private long events;
    private long positives;
    private long firstMs = Long.MAX_VALUE;
    private long lastMs = Long.MIN_VALUE;

    private final MessageDigest sha = sha256();
    private final ByteBuffer buffer = ByteBuffer.allocate(EVENT_BYTES);

    void record(List<InteractionEvent> batch) {
        for (InteractionEvent e : batch) {
            buffer.clear();
            long t = e.at().toEpochMilli();
            buffer.putLong(e.userId()).putLong(e.videoId()).putLong(t).putLong(e.watchedMs());
            int flags = (e.validPlay() ? 1 : 0) | (e.longView() ? 2 : 0) | (e.liked() ? 4 : 0)
                    | (e.notInterested() ? 8 : 0) | (e.followedAuthor() ? 16 : 0);
            buffer.put((byte) flags).putInt(e.surface());
            events++;
            if (e.positive()) {
                positives++;
            }
            firstMs = Math.min(firstMs, t);
            lastMs = Math.max(lastMs, t);
            sha.update(chain);
            sha.update(buffer.array());
            chain = sha.digest();
        }
    }

    Lineage lineage(long position, String codeVersion) {
        Instant first = events == 0 ? Instant.EPOCH : Instant.ofEpochMilli(firstMs);
        Instant last = events == 0 ? Instant.EPOCH : Instant.ofEpochMilli(lastMs);
        return new Lineage(first, last, events, positives, HexFormat.of().formatHex(chain), position, codeVersion);
    }

    void writeTo(DataOutput out) throws IOException {
        out.write(chain);
        out.writeLong(events);
        out.writeLong(positives);
        out.writeLong(firstMs);
        out.writeLong(lastMs);
    }

    void readFrom(DataInput in) throws IOException {
        in.readFully(chain);
        events = in.readLong();
        positives = in.readLong();
        firstMs = in.readLong();
        lastMs = in.readLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}

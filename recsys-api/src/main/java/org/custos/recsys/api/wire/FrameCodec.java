package org.custos.recsys.api.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.custos.recsys.api.Audience;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.Lineage;
import org.custos.recsys.api.Origin;
import org.custos.recsys.api.Protocol;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.api.Telemetry;

/**
 * The bytes of the protocol, version {@value Protocol#VERSION}. All integers are big-endian; there is no padding
 * and no optional field, so a frame has exactly one encoding and a decoder accepts nothing else.
 *
 * <pre>
 * frame     = length:u32  type:u8  payload        ; length counts type and payload, 1..MAX_FRAME
 *
 * host to algorithm
 *   1 hello          version:u16
 *   2 facts          count:u32  fact{count}       ; 1..8192 facts
 *   3 rank           request:u64  viewer:i64  at:i64 (epoch ms)  count:u16 (1..200)
 *   4 snapshot       request:u64
 *   5 restore-chunk  request:u64  bytes:u32-prefixed (1..1 MiB)
 *   6 restore-end    request:u64
 *   7 sync           request:u64
 *   8 telemetry      request:u64
 *   9 bye
 * algorithm to host
 *  65 ready          version:u16
 *  66 ranked         request:u64  count:u16  (video:i64  score:f32  origin:u8){count}
 *  67 snapshot-chunk request:u64  bytes:u32-prefixed (1..1 MiB)
 *  68 snapshot-end   request:u64  lineage
 *  69 restored       request:u64  lineage
 *  70 synced         request:u64  facts learnt:i64
 *  71 telemetry      request:u64  events:i64  loss:f64  rows:i64  model version:i64
 *  72 failed         request:u64  code:u16
 *
 * fact      = 1 watched    viewer:i64 video:i64 at:i64 watched-ms:i64 duration-ms:i64 flags:u8 surface:u16
 *           | 2 video      video:i64 author:i64 duration-ms:i64 uploaded-at:i64 audience:u8 (0 public, 1 followers)
 *                          tags:u8 count (0..16), each u16-prefixed UTF-8 (1..64 bytes)
 *           | 3 withdrawn  video:i64
 *           | 4 followed   follower:i64 author:i64 following:u8 (0 or 1)
 *           | 5 forgotten  member:i64
 * lineage   = first-event:i64 last-event:i64 events:i64 positives:i64 digest:32 bytes
 * origin    = ordinal of {@link Origin}
 * </pre>
 *
 * Members (viewer, author, follower, member) are pseudonyms: non-negative. Every record's own validation applies
 * on decode, so a decoded frame is always a valid value.
 */
public final class FrameCodec {

    private FrameCodec() {
    }

    private static final int HELLO = 1, FACTS = 2, RANK = 3, SNAPSHOT = 4, RESTORE_CHUNK = 5, RESTORE_END = 6,
            SYNC = 7, TELEMETRY_REQUEST = 8, BYE = 9;
    private static final int READY = 65, RANKED = 66, SNAPSHOT_CHUNK = 67, SNAPSHOT_END = 68, RESTORED = 69,
            SYNCED = 70, TELEMETRY = 71, FAILED = 72;
    private static final int WATCHED = 1, VIDEO = 2, WITHDRAWN = 3, FOLLOWED = 4, FORGOTTEN = 5;
    private static final Origin[] ORIGINS = Origin.values();

    /** The whole frame, length prefix included. */
    public static byte[] encode(Frame frame) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0); // the length, patched below
            switch (frame) {
                case Frame.Hello h -> {
                    out.writeByte(HELLO);
                    out.writeShort(h.version());
                }
                case Frame.Facts f -> {
                    out.writeByte(FACTS);
                    out.writeInt(f.facts().size());
                    for (Fact fact : f.facts()) {
                        writeFact(out, fact);
                    }
                }
                case Frame.Rank r -> {
                    out.writeByte(RANK);
                    out.writeLong(r.request());
                    out.writeLong(r.query().viewer());
                    out.writeLong(r.query().atMs());
                    out.writeShort(r.query().count());
                }
                case Frame.Snapshot s -> request(out, SNAPSHOT, s.request());
                case Frame.RestoreChunk c -> {
                    request(out, RESTORE_CHUNK, c.request());
                    chunk(out, c.bytes());
                }
                case Frame.RestoreEnd e -> request(out, RESTORE_END, e.request());
                case Frame.Sync s -> request(out, SYNC, s.request());
                case Frame.TelemetryRequest t -> request(out, TELEMETRY_REQUEST, t.request());
                case Frame.Bye b -> out.writeByte(BYE);
                case Frame.Ready r -> {
                    out.writeByte(READY);
                    out.writeShort(r.version());
                }
                case Frame.Ranked r -> {
                    request(out, RANKED, r.request());
                    out.writeShort(r.videos().size());
                    for (RankedVideo v : r.videos()) {
                        out.writeLong(v.video());
                        out.writeFloat(v.score());
                        out.writeByte(v.origin().ordinal());
                    }
                }
                case Frame.SnapshotChunk c -> {
                    request(out, SNAPSHOT_CHUNK, c.request());
                    chunk(out, c.bytes());
                }
                case Frame.SnapshotEnd e -> {
                    request(out, SNAPSHOT_END, e.request());
                    lineage(out, e.lineage());
                }
                case Frame.Restored r -> {
                    request(out, RESTORED, r.request());
                    lineage(out, r.lineage());
                }
                case Frame.Synced s -> {
                    request(out, SYNCED, s.request());
                    out.writeLong(s.factsLearnt());
                }
                case Frame.TelemetryReport t -> {
                    request(out, TELEMETRY, t.request());
                    out.writeLong(t.telemetry().eventsLearnt());
                    out.writeDouble(t.telemetry().progressiveLogLoss());
                    out.writeLong(t.telemetry().embeddingRows());
                    out.writeLong(t.telemetry().modelVersion());
                }
                case Frame.Failed f -> {
                    request(out, FAILED, f.request());
                    out.writeShort(f.code());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        byte[] encoded = bytes.toByteArray();
        int length = encoded.length - 4;
        if (length > Protocol.MAX_FRAME) {
            throw new IllegalArgumentException("frame of " + length + " bytes exceeds " + Protocol.MAX_FRAME
                    + "; send fewer facts per frame");
        }
        ByteBuffer.wrap(encoded).putInt(0, length);
        return encoded;
    }

    /**
     * Reads one whole frame (length prefix included) from {@code in}, without decoding it; {@code null} when the
     * stream ends cleanly before a frame starts.
     *
     * @throws MalformedFrameException if the length is 0 or above {@code maxFrame} (nothing more is read)
     * @throws EOFException if the stream ends inside a frame
     */
    public static byte[] read(InputStream in, int maxFrame) throws IOException, MalformedFrameException {
        byte[] prefix = new byte[4];
        int got = in.readNBytes(prefix, 0, 4);
        if (got == 0) {
            return null;
        }
        if (got < 4) {
            throw new EOFException("the stream ended inside a frame's length");
        }
        int length = ByteBuffer.wrap(prefix).getInt();
        if (length < 1 || length > maxFrame) {
            throw new MalformedFrameException(MalformedFrameException.Kind.OVERSIZED, "a frame of "
                    + Integer.toUnsignedString(length) + " bytes is outside 1.." + maxFrame);
        }
        byte[] frame = new byte[4 + length];
        System.arraycopy(prefix, 0, frame, 0, 4);
        if (in.readNBytes(frame, 4, length) < length) {
            throw new EOFException("the stream ended inside a frame of " + length + " bytes");
        }
        return frame;
    }

    /** Decodes a frame the host sent (what the algorithm's end reads). */
    public static Frame.ToEngine decodeToEngine(byte[] frame) throws MalformedFrameException {
        if (decode(frame) instanceof Frame.ToEngine toEngine) {
            return toEngine;
        }
        throw new MalformedFrameException(MalformedFrameException.Kind.UNKNOWN_TYPE,
                "frame type " + (frame[4] & 0xFF) + " does not travel towards the algorithm");
    }

    /** Decodes a frame the algorithm sent (what the host's end reads). */
    public static Frame.FromEngine decodeFromEngine(byte[] frame) throws MalformedFrameException {
        if (decode(frame) instanceof Frame.FromEngine fromEngine) {
            return fromEngine;
        }
        throw new MalformedFrameException(MalformedFrameException.Kind.UNKNOWN_TYPE,
                "frame type " + (frame[4] & 0xFF) + " does not travel towards the host");
    }

    /** Decodes a whole frame, length prefix included, as {@link #encode} wrote it. */
    public static Frame decode(byte[] frame) throws MalformedFrameException {
        if (frame.length < 5) {
            throw new MalformedFrameException(MalformedFrameException.Kind.MALFORMED, "a frame has at least 5 bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(frame);
        int length = in.getInt();
        if (length != frame.length - 4) {
            throw new MalformedFrameException(MalformedFrameException.Kind.MALFORMED,
                    "the length prefix " + length + " does not match the frame's " + (frame.length - 4) + " bytes");
        }
        int type = in.get() & 0xFF;
        try {
            Frame decoded = switch (type) {
                case HELLO -> new Frame.Hello(in.getShort() & 0xFFFF);
                case FACTS -> {
                    int count = in.getInt();
                    if (count < 1 || count > Protocol.MAX_FACTS_PER_FRAME) {
                        throw malformed("a facts frame holds 1.." + Protocol.MAX_FACTS_PER_FRAME + " facts, not "
                                + Integer.toUnsignedString(count));
                    }
                    List<Fact> facts = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        facts.add(readFact(in));
                    }
                    yield new Frame.Facts(facts);
                }
                case RANK -> new Frame.Rank(in.getLong(), new RankQuery(in.getLong(), in.getLong(),
                        in.getShort() & 0xFFFF));
                case SNAPSHOT -> new Frame.Snapshot(in.getLong());
                case RESTORE_CHUNK -> new Frame.RestoreChunk(in.getLong(), chunk(in));
                case RESTORE_END -> new Frame.RestoreEnd(in.getLong());
                case SYNC -> new Frame.Sync(in.getLong());
                case TELEMETRY_REQUEST -> new Frame.TelemetryRequest(in.getLong());
                case BYE -> new Frame.Bye();
                case READY -> new Frame.Ready(in.getShort() & 0xFFFF);
                case RANKED -> {
                    long request = in.getLong();
                    int count = in.getShort() & 0xFFFF;
                    if (count > Protocol.MAX_RANK_COUNT) {
                        throw malformed("an answer holds at most " + Protocol.MAX_RANK_COUNT + " videos, not "
                                + count);
                    }
                    List<RankedVideo> videos = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        long video = in.getLong();
                        float score = in.getFloat();
                        int origin = in.get() & 0xFF;
                        if (origin >= ORIGINS.length) {
                            throw malformed("unknown origin " + origin);
                        }
                        videos.add(new RankedVideo(video, score, ORIGINS[origin]));
                    }
                    yield new Frame.Ranked(request, videos);
                }
                case SNAPSHOT_CHUNK -> new Frame.SnapshotChunk(in.getLong(), chunk(in));
                case SNAPSHOT_END -> new Frame.SnapshotEnd(in.getLong(), lineage(in));
                case RESTORED -> new Frame.Restored(in.getLong(), lineage(in));
                case SYNCED -> new Frame.Synced(in.getLong(), nonNegative(in.getLong(), "facts learnt"));
                case TELEMETRY -> new Frame.TelemetryReport(in.getLong(), new Telemetry(in.getLong(),
                        in.getDouble(), in.getLong(), in.getLong()));
                case FAILED -> new Frame.Failed(in.getLong(), in.getShort() & 0xFFFF);
                default -> throw new MalformedFrameException(MalformedFrameException.Kind.UNKNOWN_TYPE,
                        "unknown frame type " + type);
            };
            if (in.hasRemaining()) {
                throw malformed(in.remaining() + " bytes after the end of a frame of type " + type);
            }
            return decoded;
        } catch (BufferUnderflowException e) {
            throw new MalformedFrameException(MalformedFrameException.Kind.MALFORMED,
                    "a frame of type " + type + " ends early", e);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException(MalformedFrameException.Kind.MALFORMED,
                    "a frame of type " + type + " holds an invalid value: " + e.getMessage(), e);
        }
    }

    private static void request(DataOutputStream out, int type, long request) throws IOException {
        out.writeByte(type);
        out.writeLong(request);
    }

    private static void chunk(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] chunk(ByteBuffer in) throws MalformedFrameException {
        int length = in.getInt();
        if (length < 1 || length > Protocol.MAX_CHUNK || length > in.remaining()) {
            throw malformed("a chunk of " + Integer.toUnsignedString(length) + " bytes does not fit");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static void lineage(DataOutputStream out, Lineage lineage) throws IOException {
        out.writeLong(lineage.firstEventMs());
        out.writeLong(lineage.lastEventMs());
        out.writeLong(lineage.events());
        out.writeLong(lineage.positives());
        out.write(lineage.digestBytes());
    }

    private static Lineage lineage(ByteBuffer in) {
        long first = in.getLong();
        long last = in.getLong();
        long events = in.getLong();
        long positives = in.getLong();
        byte[] digest = new byte[32];
        in.get(digest);
        return new Lineage(first, last, events, positives, java.util.HexFormat.of().formatHex(digest));
    }

    private static void writeFact(DataOutputStream out, Fact fact) throws IOException {
        switch (fact) {
            case Fact.Watched w -> {
                out.writeByte(WATCHED);
                out.writeLong(w.viewer());
                out.writeLong(w.video());
                out.writeLong(w.atMs());
                out.writeLong(w.watchedMs());
                out.writeLong(w.durationMs());
                out.writeByte(w.flags());
                out.writeShort(w.surface());
            }
            case Fact.VideoPublished v -> {
                out.writeByte(VIDEO);
                out.writeLong(v.video());
                out.writeLong(v.author());
                out.writeLong(v.durationMs());
                out.writeLong(v.uploadedAtMs());
                out.writeByte(v.audience().ordinal());
                out.writeByte(v.tags().size());
                for (String tag : v.tags()) {
                    byte[] utf8 = tag.getBytes(StandardCharsets.UTF_8);
                    out.writeShort(utf8.length);
                    out.write(utf8);
                }
            }
            case Fact.VideoWithdrawn v -> {
                out.writeByte(WITHDRAWN);
                out.writeLong(v.video());
            }
            case Fact.Followed f -> {
                out.writeByte(FOLLOWED);
                out.writeLong(f.follower());
                out.writeLong(f.author());
                out.writeByte(f.following() ? 1 : 0);
            }
            case Fact.Forgotten f -> {
                out.writeByte(FORGOTTEN);
                out.writeLong(f.member());
            }
        }
    }

    private static Fact readFact(ByteBuffer in) throws MalformedFrameException {
        int kind = in.get() & 0xFF;
        return switch (kind) {
            case WATCHED -> new Fact.Watched(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                    in.get() & 0xFF, in.getShort() & 0xFFFF);
            case VIDEO -> {
                long video = in.getLong();
                long author = in.getLong();
                long duration = in.getLong();
                long uploaded = in.getLong();
                int audience = in.get() & 0xFF;
                if (audience >= Audience.values().length) {
                    throw malformed("unknown audience " + audience);
                }
                int tagCount = in.get() & 0xFF;
                if (tagCount > Protocol.MAX_TAGS) {
                    throw malformed("a video has at most " + Protocol.MAX_TAGS + " tags, not " + tagCount);
                }
                List<String> tags = new ArrayList<>(tagCount);
                for (int i = 0; i < tagCount; i++) {
                    int length = in.getShort() & 0xFFFF;
                    if (length > Protocol.MAX_TAG_BYTES || length > in.remaining()) {
                        throw malformed("a tag of " + length + " bytes does not fit");
                    }
                    byte[] utf8 = new byte[length];
                    in.get(utf8);
                    tags.add(utf8(utf8));
                }
                yield new Fact.VideoPublished(video, author, duration, uploaded, Audience.values()[audience], tags);
            }
            case WITHDRAWN -> new Fact.VideoWithdrawn(in.getLong());
            case FOLLOWED -> {
                long follower = in.getLong();
                long author = in.getLong();
                int following = in.get() & 0xFF;
                if (following > 1) {
                    throw malformed("following is 0 or 1, not " + following);
                }
                yield new Fact.Followed(follower, author, following == 1);
            }
            case FORGOTTEN -> new Fact.Forgotten(in.getLong());
            default -> throw malformed("unknown fact kind " + kind);
        };
    }

    private static String utf8(byte[] bytes) throws MalformedFrameException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException(MalformedFrameException.Kind.MALFORMED, "a tag is not UTF-8", e);
        }
    }

    private static long nonNegative(long value, String field) throws MalformedFrameException {
        if (value < 0) {
            throw malformed(field + " must not be negative");
        }
        return value;
    }

    private static MalformedFrameException malformed(String message) {
        return new MalformedFrameException(MalformedFrameException.Kind.MALFORMED, message);
    }
}

package org.custos.recsys.api.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.custos.recsys.api.Audience;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.Lineage;
import org.custos.recsys.api.Origin;
import org.custos.recsys.api.Protocol;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.api.Telemetry;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void rank_hasTheDocumentedBytes() throws Exception {
        byte[] bytes = FrameCodec.encode(new Frame.Rank(7, new RankQuery(42, 1_795_420_800_123L, 20)));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0000001b" + "03" + "0000000000000007"
                + "000000000000002a" + "000001a2076b447b" + "0014");
        assertThat(FrameCodec.decodeToEngine(bytes)).isEqualTo(new Frame.Rank(7, new RankQuery(42,
                1_795_420_800_123L, 20)));
    }

    @Test
    void watched_hasTheDocumentedBytes() throws Exception {
        Fact.Watched w = new Fact.Watched(5, 9, 1000, 12_000, 30_000, Fact.Watched.COMPLETED | Fact.Watched.LIKED, 2);
        byte[] bytes = FrameCodec.encode(new Frame.Facts(List.of(w)));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00000031" + "02" + "00000001" + "01"
                + "0000000000000005" + "0000000000000009" + "00000000000003e8" + "0000000000002ee0"
                + "0000000000007530" + "09" + "0002");
    }

    @Property(tries = 300)
    void everyFrame_roundTrips(@ForAll("frames") Frame frame) throws Exception {
        byte[] bytes = FrameCodec.encode(frame);
        Frame decoded = FrameCodec.decode(bytes);
        assertThat(FrameCodec.encode(decoded)).isEqualTo(bytes);
        byte[] read = FrameCodec.read(new ByteArrayInputStream(bytes), Protocol.MAX_FRAME);
        assertThat(read).isEqualTo(bytes);
    }

    @Property(tries = 500)
    void aFlippedByte_decodesToTheSameBytesOrIsRejected(@ForAll("frames") Frame frame,
                                                        @ForAll int position, @ForAll byte mask) {
        byte[] bytes = FrameCodec.encode(frame);
        int at = Math.floorMod(position, bytes.length);
        bytes[at] ^= (byte) (mask == 0 ? 1 : mask);
        try {
            Frame decoded = FrameCodec.decode(bytes);
            assertThat(FrameCodec.encode(decoded)).isEqualTo(bytes);
        } catch (MalformedFrameException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Test
    void anOversizedLength_isRefusedBeforeReading() {
        byte[] bytes = HexFormat.of().parseHex("7fffffff02");
        assertThatThrownBy(() -> FrameCodec.read(new ByteArrayInputStream(bytes), Protocol.MAX_FRAME))
                .isInstanceOf(MalformedFrameException.class)
                .satisfies(e -> assertThat(((MalformedFrameException) e).kind())
                        .isEqualTo(MalformedFrameException.Kind.OVERSIZED));
    }

    @Test
    void framesOfTheOtherDirection_areRefused() {
        byte[] ready = FrameCodec.encode(new Frame.Ready(1));
        assertThatThrownBy(() -> FrameCodec.decodeToEngine(ready)).isInstanceOf(MalformedFrameException.class);
        byte[] hello = FrameCodec.encode(new Frame.Hello(1));
        assertThatThrownBy(() -> FrameCodec.decodeFromEngine(hello)).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void invalidValues_areMalformed() {
        // a ranked answer with a NaN score
        byte[] bytes = FrameCodec.encode(new Frame.Ranked(1, List.of(new RankedVideo(3, 1f, Origin.TRENDING))));
        java.nio.ByteBuffer.wrap(bytes).putInt(4 + 1 + 8 + 2 + 8, Float.floatToRawIntBits(Float.NaN));
        assertThatThrownBy(() -> FrameCodec.decode(bytes)).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("finite");
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<Long> ids = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<Long> times = Arbitraries.longs();
        Arbitrary<String> tags = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
        Arbitrary<Fact> watched = Combinators.combine(ids, ids, times, Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.longs().between(0, 1_000_000), Arbitraries.integers().between(0, 31),
                Arbitraries.integers().between(0, 65535)).as(Fact.Watched::new);
        Arbitrary<Fact> video = Combinators.combine(ids, ids, Arbitraries.longs().between(0, 1_000_000), times,
                Arbitraries.of(Audience.class), tags.list().ofMaxSize(Protocol.MAX_TAGS))
                .as(Fact.VideoPublished::new);
        Arbitrary<Fact> facts = Arbitraries.oneOf(watched, video, ids.map(Fact.VideoWithdrawn::new),
                Combinators.combine(ids, ids, Arbitraries.of(true, false)).as(Fact.Followed::new),
                ids.map(Fact.Forgotten::new));
        Arbitrary<Lineage> lineages = Combinators.combine(times, times, Arbitraries.longs().between(0, 1000),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64))
                .as((a, b, n, d) -> new Lineage(a, b, n, n / 2, d));
        Arbitrary<byte[]> chunks = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
        Arbitrary<RankedVideo> ranked = Combinators.combine(ids, Arbitraries.floats().between(-1e6f, 1e6f),
                Arbitraries.of(Origin.class)).as(RankedVideo::new);
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 65535).map(Frame.Hello::new),
                facts.list().ofMinSize(1).ofMaxSize(20).map(Frame.Facts::new),
                Combinators.combine(ids, ids, times, Arbitraries.integers().between(1, Protocol.MAX_RANK_COUNT))
                        .as((r, v, t, c) -> new Frame.Rank(r, new RankQuery(v, t, c))),
                ids.map(Frame.Snapshot::new),
                Combinators.combine(ids, chunks).as(Frame.RestoreChunk::new),
                ids.map(Frame.RestoreEnd::new), ids.map(Frame.Sync::new), ids.map(Frame.TelemetryRequest::new),
                Arbitraries.just(new Frame.Bye()),
                Arbitraries.integers().between(0, 65535).map(Frame.Ready::new),
                Combinators.combine(ids, ranked.list().ofMaxSize(30)).as(Frame.Ranked::new),
                Combinators.combine(ids, chunks).as(Frame.SnapshotChunk::new),
                Combinators.combine(ids, lineages).as(Frame.SnapshotEnd::new),
                Combinators.combine(ids, lineages).as(Frame.Restored::new),
                Combinators.combine(ids, ids).as(Frame.Synced::new),
                Combinators.combine(ids, Arbitraries.longs().between(0, 1000), Arbitraries.doubles().between(0, 10),
                        ids, ids).as((r, e, l, rows, v) -> new Frame.TelemetryReport(r, new Telemetry(e, l, rows, v))),
                Combinators.combine(ids, Arbitraries.integers().between(1, 4)).as(Frame.Failed::new));
    }
}

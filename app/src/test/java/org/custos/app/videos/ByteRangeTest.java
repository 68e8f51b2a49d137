package org.custos.app.videos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void resolve_noHeader_isWhole() {
        assertThat(ByteRange.resolve(Optional.empty(), 10)).isInstanceOf(ByteRange.Whole.class);
    }

    @Test
    void resolve_closedRange_isClampedToTheEnd() {
        assertThat(ByteRange.resolve(Optional.of("bytes=5-100"), 10))
                .isEqualTo(new ByteRange.Part(new ByteRange(5, 9)));
    }

    @Test
    void resolve_suffixLongerThanMedia_isTheWholeMediaAsAPart() {
        assertThat(ByteRange.resolve(Optional.of("bytes=-50"), 10))
                .isEqualTo(new ByteRange.Part(new ByteRange(0, 9)));
    }

    @Test
    void resolve_startAtOrAfterEnd_isUnsatisfiable() {
        assertThat(ByteRange.resolve(Optional.of("bytes=10-"), 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.resolve(Optional.of("bytes=-0"), 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void resolve_otherUnitsSeveralRangesOrReversed_areIgnored() {
        assertThat(ByteRange.resolve(Optional.of("items=0-1"), 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.resolve(Optional.of("bytes=0-1,4-5"), 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.resolve(Optional.of("bytes=5-2"), 10)).isInstanceOf(ByteRange.Whole.class);
        assertThat(ByteRange.resolve(Optional.of("bytes=99999999999999999999-"), 10))
                .isInstanceOf(ByteRange.Whole.class);
    }

    @Property
    void resolve_anyHeader_servesOnlyBytesInsideTheMedia(@ForAll @StringLength(max = 40) String tail,
                                                         @ForAll @LongRange(min = 1, max = 1L << 40) long size) {
        ByteRange.Resolution r = ByteRange.resolve(Optional.of("bytes=" + tail), size);
        if (r instanceof ByteRange.Part(ByteRange range)) {
            assertThat(range.first()).isBetween(0L, size - 1);
            assertThat(range.last()).isBetween(range.first(), size - 1);
        }
    }

    @Property
    void resolve_wellFormedRange_coversExactlyWhatWasAsked(@ForAll @LongRange(min = 0, max = 1000) long first,
                                                           @ForAll @LongRange(min = 0, max = 1000) long length,
                                                           @ForAll @LongRange(min = 1, max = 3000) long size) {
        long last = first + length;
        ByteRange.Resolution r = ByteRange.resolve(Optional.of("bytes=" + first + "-" + last), size);
        if (first >= size) {
            assertThat(r).isInstanceOf(ByteRange.Unsatisfiable.class);
        } else {
            assertThat(r).isEqualTo(new ByteRange.Part(new ByteRange(first, Math.min(last, size - 1))));
        }
    }
}

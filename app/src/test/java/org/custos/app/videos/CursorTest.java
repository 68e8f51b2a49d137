package org.custos.app.videos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Property
    void decode_ofEncode_isTheSameCursor(@ForAll @LongRange(min = 0, max = 253402300799L) long seconds,
                                         @ForAll @LongRange(min = 0, max = 999_999) long micros,
                                         @ForAll @LongRange(min = 0) long id) {
        Cursor cursor = new Cursor(Instant.ofEpochSecond(seconds, micros * 1000), id);
        assertThat(Cursor.decode(cursor.encode())).contains(cursor);
    }

    @Test
    void decode_garbage_isEmpty() {
        assertThat(Cursor.decode("bogus")).isEmpty();
        assertThat(Cursor.decode("")).isEmpty();
        assertThat(Cursor.decode("%%%")).isEmpty();
        assertThat(Cursor.decode("MTIzLmFiYw")).isEmpty();
    }
}

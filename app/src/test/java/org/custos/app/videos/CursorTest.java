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

    @Property
    void decode_ofATimeFromYear1_before1970_isTheSameCursor(
            @ForAll @LongRange(min = -62135596800L, max = -1) long seconds,
            @ForAll @LongRange(min = 0, max = 999_999) long micros, @ForAll @LongRange(min = 0) long id) {
        Cursor cursor = new Cursor(Instant.ofEpochSecond(seconds, micros * 1000), id);
        assertThat(Cursor.decode(cursor.encode())).contains(cursor);
    }

    @Test
    void decode_ofTheRightShapeButOutOfRangeOrSigned_isEmpty() {
        assertThat(Cursor.decode(base64url("-9223372036854775808.0"))).isEmpty();
        assertThat(Cursor.decode(base64url("9223372036854775807.0"))).isEmpty();
        assertThat(Cursor.decode(base64url("-62135596800000001.1"))).isEmpty();
        assertThat(Cursor.decode(base64url("253402300800000000.1"))).isEmpty();
        assertThat(Cursor.decode(base64url("99999999999999999999.1"))).isEmpty();
        assertThat(Cursor.decode(base64url("1.-1"))).isEmpty();
        assertThat(Cursor.decode(base64url("+1.+1"))).isEmpty();
        assertThat(Cursor.decode(base64url("1.2.3"))).isEmpty();
        assertThat(Cursor.decode(base64url(" 1.2"))).isEmpty();
    }

    private static String base64url(String plain) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(plain.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}

package org.custos.cli.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TinyMp4Test {

    @Test
    void of_anySize_startsWithAnFtypBoxAndSizesTheMdatBox() {
        byte[] media = TinyMp4.of(new Random(3), 100);
        ByteBuffer in = ByteBuffer.wrap(media);

        assertThat(media).hasSize(24 + 8 + 100);
        assertThat(in.getInt(0)).isEqualTo(24);
        assertThat(new String(media, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(in.getInt(24)).isEqualTo(108);
        assertThat(new String(media, 28, 4, StandardCharsets.US_ASCII)).isEqualTo("mdat");
    }

    @Test
    void of_sameSeed_sameBytes() {
        assertThat(TinyMp4.of(new Random(9), 64)).isEqualTo(TinyMp4.of(new Random(9), 64));
    }
}

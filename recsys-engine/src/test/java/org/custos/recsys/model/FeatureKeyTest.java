package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FeatureKeyTest {

    @Test
    void hash_isFnv1a64_onPublishedVectors() {
        // FNV-1a 64-bit test vectors (Fowler, Noll, Vo; draft-eastlake-fnv)
        assertThat(FeatureKey.hash("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(FeatureKey.hash("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(FeatureKey.hash("foobar")).isEqualTo(0x85944171f73967e8L);
    }

    @Property(tries = 500)
    void hash_ofAnyString_isFnv1aOfItsUtf8Bytes(@ForAll String value) {
        long expected = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            expected ^= b & 0xff;
            expected *= 0x100000001b3L;
        }
        assertThat(FeatureKey.hash(value)).isEqualTo(expected);
    }

    @Test
    void hash_nonAsciiValues_hashTheirUtf8Encoding() {
        assertThat(FeatureKey.hash("région=é")).isNotEqualTo(FeatureKey.hash("région=e"));
        assertThat(FeatureKey.of(FeatureKey.Field.TAG, "美食")).isEqualTo(FeatureKey.of(FeatureKey.Field.TAG, "美食"));
    }
}

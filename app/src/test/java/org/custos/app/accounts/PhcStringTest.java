package org.custos.app.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PhcStringTest {

    @Property
    void parse_ofEncode_returnsTheSameHash(@ForAll @IntRange(min = 1, max = 16) int parallelism,
                                           @ForAll @IntRange(min = 128, max = 1 << 20) int memoryKiB,
                                           @ForAll @IntRange(min = 1, max = 100) int iterations,
                                           @ForAll @Size(min = 8, max = 64) byte[] salt,
                                           @ForAll @Size(min = 16, max = 64) byte[] tag) {
        PhcString phc = new PhcString(memoryKiB, iterations, parallelism, salt, tag);

        assertThat(PhcString.parse(phc.encode())).isEqualTo(phc);
    }

    @Property
    void parse_arbitraryText_eitherParsesOrThrowsTheTypedError(@ForAll String text) {
        try {
            PhcString.parse(text);
        } catch (MalformedPasswordHashException expected) {
            if (text.length() >= 8) {
                assertThat(expected.getMessage()).doesNotContain(text);
            }
        }
    }

    @Test
    void parse_otherVariantsAndVersions_areRefused() {
        for (String other : new String[] {
                "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA",
                "$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=9999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"}) {
            assertThatThrownBy(() -> PhcString.parse(other)).isInstanceOf(MalformedPasswordHashException.class);
        }
    }

    @Test
    void toString_showsParametersOnly() {
        PhcString phc = PhcString.parse(
                "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");

        assertThat(phc.toString()).isEqualTo("PhcString[argon2id m=65536,t=2,p=1]");
    }
}

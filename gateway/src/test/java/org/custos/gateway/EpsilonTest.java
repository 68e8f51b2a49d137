package org.custos.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class EpsilonTest {

    @Property
    void toString_parse_roundTripsExactly(@ForAll @LongRange(min = 0, max = Epsilon.MAX_MICRO) long micro) {
        Epsilon epsilon = new Epsilon(micro);
        assertThat(Epsilon.parse(epsilon.toString())).isEqualTo(epsilon);
    }

    @Test
    void parse_decimals_areExactMicroUnits() {
        assertThat(Epsilon.parse("0.5").micro()).isEqualTo(500_000);
        assertThat(Epsilon.parse("10").micro()).isEqualTo(10_000_000);
        assertThat(Epsilon.parse("0.000001").micro()).isEqualTo(1);
        assertThat(Epsilon.parse("0.1").plus(Epsilon.parse("0.2"))).isEqualTo(Epsilon.parse("0.3"));
    }

    @Test
    void parse_tooPreciseNegativeOrGarbage_isRefused() {
        assertThatThrownBy(() -> Epsilon.parse("0.0000001")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Epsilon.parse("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Epsilon.parse("1e400")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Epsilon.parse("NaN")).isInstanceOf(IllegalArgumentException.class);
    }
}

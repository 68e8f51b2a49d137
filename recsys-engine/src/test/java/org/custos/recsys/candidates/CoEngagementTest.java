package org.custos.recsys.candidates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class CoEngagementTest {

    @Test
    void affinities_videosEngagedNextToTheViewersOwn_rankAboveUnrelatedOnes() {
        CoEngagement co = new CoEngagement(20, 100);
        for (long member = 1; member <= 5; member++) {
            co.record(member, 10);
            co.record(member, 11);
        }
        co.record(6, 10);
        co.record(6, 12);
        co.record(7, 20);
        co.record(7, 21);
        co.record(99, 10);

        Affinities affinity = co.affinities(99, video -> 1);

        assertThat(affinity.get(11L)).isGreaterThan(affinity.get(12L)).isGreaterThan(0);
        assertThat(affinity.top(10)).containsExactly(11L, 12L);
        assertThat(affinity.get(20L) + affinity.get(21L) + affinity.get(10L)).isZero();
        assertThat(co.affinities(1_000, video -> 1).isEmpty()).isTrue();
    }

    @Test
    void affinities_popularPartner_isDampedByItsPopularity() {
        CoEngagement co = new CoEngagement(20, 100);
        co.record(1, 10);
        co.record(1, 11);
        co.record(2, 10);
        co.record(2, 12);
        co.record(9, 10);

        Affinities affinity = co.affinities(9, video -> video == 11 ? 100 : 1);

        assertThat(affinity.get(12L)).isGreaterThan(affinity.get(11L));
    }

    @Test
    void record_beyondWindowAndPartnerCap_staysBounded() {
        CoEngagement co = new CoEngagement(2, 1);
        co.record(1, 10);
        co.record(1, 11);
        co.record(1, 12);
        co.record(1, 13);

        // 11 kept only its first partner (10): the later pairs found it full
        co.record(2, 11);
        assertThat(co.affinities(2, video -> 1).top(10)).containsExactly(10L);
    }

    @Test
    void writeTo_thenReadFrom_givesTheSameAffinities() throws Exception {
        CoEngagement co = new CoEngagement(20, 100);
        co.record(1, 10);
        co.record(1, 11);
        co.record(2, 10);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        co.writeTo(new DataOutputStream(bytes));

        CoEngagement restored = new CoEngagement(20, 100);
        restored.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(restored.affinities(2, video -> 1).top(10)).containsExactly(co.affinities(2, video -> 1).top(10));
        assertThat(restored.affinities(2, video -> 1).get(11L)).isEqualTo(co.affinities(2, video -> 1).get(11L))
                .isPositive();
    }
}

package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class LongMapTest {

    /** Any sequence of puts and removes (small keys, so runs collide and removals shift) agrees with a HashMap. */
    @Property(tries = 200)
    void operations_anySequence_agreeWithHashMap(
            @ForAll @Size(max = 400) List<@LongRange(min = -40, max = 40) Long> operations) {
        LongMap<Long> map = new LongMap<>(4);
        Map<Long, Long> reference = new HashMap<>();
        long step = 0;
        for (long op : operations) {
            long key = op / 2;
            if (op % 2 == 0) {
                assertThat(map.put(key, step)).isEqualTo(reference.put(key, step));
            } else {
                assertThat(map.remove(key)).isEqualTo(reference.remove(key));
            }
            step++;
        }
        assertThat(map.size()).isEqualTo(reference.size());
        for (long key = -25; key <= 25; key++) {
            assertThat(map.get(key)).isEqualTo(reference.get(key));
        }
        Map<Long, Long> seen = new HashMap<>();
        map.forEach(seen::put);
        assertThat(seen).isEqualTo(reference);
    }

    @Property(tries = 100)
    void removeIf_dropsExactlyTheMatchingEntries(@ForAll @Size(max = 300) List<@LongRange(min = 0, max = 1000) Long> keys) {
        LongMap<Long> map = new LongMap<>(4);
        Map<Long, Long> reference = new HashMap<>();
        keys.forEach(k -> {
            map.put(k, k * 3);
            reference.put(k, k * 3);
        });
        List<Long> dropped = new java.util.ArrayList<>();
        int removed = map.removeIf((key, value) -> key % 3 == 0, dropped::add);
        reference.keySet().removeIf(k -> k % 3 == 0);

        assertThat(removed).isEqualTo(dropped.size());
        assertThat(map.size()).isEqualTo(reference.size());
        Map<Long, Long> seen = new HashMap<>();
        map.forEach(seen::put);
        assertThat(seen).isEqualTo(reference);
    }
}

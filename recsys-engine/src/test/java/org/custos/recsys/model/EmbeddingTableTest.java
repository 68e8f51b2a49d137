package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EmbeddingTableTest {

    private static ModelConfig config(int admitAfter, Duration ttl) {
        return new ModelConfig(8, admitAfter, ttl, 0.05, 0, 0.01, 7, 16);
    }

    @Test
    void touch_keySeenFewerTimesThanAdmitAfter_getsNoRow() {
        EmbeddingTable table = new EmbeddingTable(config(3, Duration.ofDays(1)));
        long key = FeatureKey.of(FeatureKey.Field.USER, 42);

        assertThat(table.touch(key, 0)).isNull();
        assertThat(table.touch(key, 1)).isNull();
        assertThat(table.contains(key)).isFalse();
        assertThat(table.touch(key, 2)).isNotNull();
        assertThat(table.contains(key)).isTrue();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void expire_rowUnseenLongerThanTtl_isDroppedAndFreshRowKept() {
        EmbeddingTable table = new EmbeddingTable(config(1, Duration.ofHours(1)));
        long stale = FeatureKey.of(FeatureKey.Field.VIDEO, 1);
        long fresh = FeatureKey.of(FeatureKey.Field.VIDEO, 2);
        table.touch(stale, 0);
        table.touch(fresh, 0);
        table.touch(fresh, Duration.ofMinutes(90).toMillis());

        var dropped = table.expire(Duration.ofMinutes(100).toMillis());

        assertThat(dropped).containsExactly(stale);
        assertThat(table.contains(stale)).isFalse();
        assertThat(table.contains(fresh)).isTrue();
    }

    @Test
    void expire_droppedKey_mustBeSeenAgainToComeBack() {
        EmbeddingTable table = new EmbeddingTable(config(2, Duration.ofHours(1)));
        long key = FeatureKey.of(FeatureKey.Field.AUTHOR, 5);
        table.touch(key, 0);
        table.touch(key, 0);
        table.expire(Duration.ofHours(5).toMillis());
        // aging halved the sighting count from 2 to 1: one more sighting re-admits it
        assertThat(table.touch(key, Duration.ofHours(5).toMillis())).isNotNull();
    }

    @Property(tries = 50)
    void touch_distinctIds_neverShareARow(@ForAll @Size(min = 1, max = 300) Set<@LongRange(min = 0, max = (1L << 56) - 1) Long> ids) {
        EmbeddingTable table = new EmbeddingTable(config(1, Duration.ofDays(1)));
        Set<Object> rows = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (long id : ids) {
            rows.add(table.touch(FeatureKey.of(FeatureKey.Field.VIDEO, id), 0));
        }
        assertThat(table.size()).isEqualTo(ids.size());
        assertThat(rows).hasSize(ids.size());
    }

    @Property(tries = 50)
    void featureKey_numericIdsOfOneField_mapOneToOne(@ForAll @Size(min = 2, max = 200) Set<@LongRange(min = 0, max = (1L << 56) - 1) Long> ids) {
        Set<Long> keys = new HashSet<>();
        for (long id : ids) {
            keys.add(FeatureKey.of(FeatureKey.Field.USER, id));
            assertThat(FeatureKey.field(FeatureKey.of(FeatureKey.Field.USER, id))).isEqualTo(FeatureKey.Field.USER);
        }
        assertThat(keys).hasSize(ids.size());
    }

    @Test
    void initialValues_dependOnSeedAndKeyOnly_notOnArrivalOrder() {
        ModelConfig config = config(1, Duration.ofDays(1));
        EmbeddingTable first = new EmbeddingTable(config);
        EmbeddingTable second = new EmbeddingTable(config);
        long a = FeatureKey.of(FeatureKey.Field.USER, 1);
        long b = FeatureKey.of(FeatureKey.Field.USER, 2);
        first.touch(a, 0);
        first.touch(b, 0);
        second.touch(b, 0);
        second.touch(a, 0);

        assertThat(first.parameters(a)).containsExactly(second.parameters(a));
        assertThat(first.parameters(a)).isNotEqualTo(first.parameters(b));
    }
}

package org.custos.app.videos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.custos.recsys.Video;
import org.custos.recsys.Visibility;
import org.junit.jupiter.api.Test;

class CatalogCacheTest {
    private static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final AtomicInteger loads = new AtomicInteger();
    private final LongFunction<Optional<Video>> store = id -> {
        loads.incrementAndGet();
        return id > 0 ? Optional.of(new Video(id, 7, List.of(), 15_000, START, "all", Visibility.PUBLIC))
                : Optional.empty();
    };

    @Test
    void video_askedAgainWithinTtl_isServedWithoutLoading() {
        CatalogCache cache = new CatalogCache(clock, Duration.ofSeconds(10), 100);
        Optional<Video> first = cache.video(42, store);
        now.set(START.plusSeconds(9));
        Optional<Video> second = cache.video(42, store);
        assertThat(second).isEqualTo(first).isPresent();
        assertThat(loads).hasValue(1);
    }

    @Test
    void video_askedAfterTtl_isLoadedAgain() {
        CatalogCache cache = new CatalogCache(clock, Duration.ofSeconds(10), 100);
        cache.video(42, store);
        now.set(START.plusSeconds(10));
        cache.video(42, store);
        assertThat(loads).hasValue(2);
    }

    @Test
    void video_missing_isNotRemembered() {
        CatalogCache cache = new CatalogCache(clock, Duration.ofSeconds(10), 100);
        assertThat(cache.video(-1, store)).isEmpty();
        assertThat(cache.video(-1, store)).isEmpty();
        assertThat(loads).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void video_pastCapacity_staysWithinBound() {
        CatalogCache cache = new CatalogCache(clock, Duration.ofSeconds(10), 3);
        for (long id = 1; id <= 10; id++) {
            cache.video(id, store);
        }
        assertThat(cache.size()).isBetween(1, 3);
        assertThat(cache.video(10, store)).map(Video::id).contains(10L);
    }
}

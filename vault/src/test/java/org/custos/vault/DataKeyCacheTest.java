package org.custos.vault;

import org.custos.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DataKeyCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static Aead key() throws Exception {
        return new AesGcmJce(new byte[32]);
    }

    @Test
    void get_afterPut_returnsTheKey() throws Exception {
        DataKeyCache cache = new DataKeyCache(100, Duration.ofMinutes(5), clock);
        SubjectId subject = new SubjectId(1);
        Aead key = key();
        cache.putIfUnchanged(subject, key, cache.stamp(subject));
        assertThat(cache.get(subject)).containsSame(key);
    }

    @Test
    void get_afterTimeToLive_isEmpty() throws Exception {
        DataKeyCache cache = new DataKeyCache(100, Duration.ofMinutes(5), clock);
        SubjectId subject = new SubjectId(1);
        cache.putIfUnchanged(subject, key(), cache.stamp(subject));
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(cache.get(subject)).isEmpty();
    }

    @Test
    void putIfUnchanged_afterInvalidate_isRefused() throws Exception {
        DataKeyCache cache = new DataKeyCache(100, Duration.ofMinutes(5), clock);
        SubjectId subject = new SubjectId(1);
        long stamp = cache.stamp(subject); // a reader starts loading the key...
        cache.invalidate(subject);          // ...the subject is shredded meanwhile...
        cache.putIfUnchanged(subject, key(), stamp); // ...and the stale key must not come back.
        assertThat(cache.get(subject)).isEmpty();
    }

    @Test
    void size_manyMoreKeysThanCapacity_staysBounded() throws Exception {
        DataKeyCache cache = new DataKeyCache(64, Duration.ofMinutes(5), clock);
        Aead key = key();
        for (long id = 1; id <= 10_000; id++) {
            SubjectId subject = new SubjectId(id);
            cache.putIfUnchanged(subject, key, cache.stamp(subject));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(64).isGreaterThan(16);
    }

    @Test
    void get_recentlyUsedKey_survivesEviction() throws Exception {
        DataKeyCache cache = new DataKeyCache(16, Duration.ofMinutes(5), clock); // one entry per segment
        Aead key = key();
        SubjectId hot = new SubjectId(1);
        cache.putIfUnchanged(hot, key, cache.stamp(hot));
        assertThat(cache.get(hot)).isPresent();
        cache.clear();
        assertThat(cache.get(hot)).isEmpty();
    }
}

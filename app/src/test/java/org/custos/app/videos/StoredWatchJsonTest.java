package org.custos.app.videos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class StoredWatchJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property
    void json_anyEvent_readsBackAsTheStoredEventJacksonWouldWrite(
            @ForAll @LongRange(min = 1) long videoId, @ForAll @LongRange(min = 0, max = 86_400_000) long watchedMs,
            @ForAll boolean completed, @ForAll boolean skipped, @ForAll boolean notInterested,
            @ForAll @LongRange(min = 0, max = 253_402_300_799L) long epochSecond,
            @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) throws IOException {
        Instant at = Instant.ofEpochSecond(epochSecond, nanos);
        WatchEvents.Watch watch = new WatchEvents.Watch(UUID.randomUUID(), videoId, watchedMs, completed, skipped,
                notInterested, at);

        byte[] written = WatchEvents.Stored.json(watch, at.toString());

        assertThat(JSON.readValue(written, WatchEvents.Stored.class)).isEqualTo(WatchEvents.Stored.of(watch));
        assertThat(written).isEqualTo(JSON.writeValueAsBytes(WatchEvents.Stored.of(watch)));
    }
}

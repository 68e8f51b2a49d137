package org.custos.app.videos;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.custos.app.accounts.Authenticator;
import org.custos.app.http.Json;
import org.custos.app.http.JsonBody;

/**
 * {@code POST /v1/events/watch}: a batch of watch events, validated whole (one bad event refuses the batch and
 * stores nothing), stored idempotently in one round trip, then handed to the recommender once committed (see
 * {@link ForYouFeed}).
 */
final class EventRoutes {
    static final int MAX_BATCH = 500;
    static final long MAX_WATCHED_MS = 24L * 60 * 60 * 1000;

    private final WatchEvents events;
    private final ForYouFeed forYou;
    private final Authenticator authenticator;
    private final VideoSettings settings;
    private final Clock clock;

    EventRoutes(WatchEvents events, ForYouFeed forYou, Authenticator authenticator,
                VideoSettings settings, Clock clock) {
        this.events = events;
        this.forYou = forYou;
        this.authenticator = authenticator;
        this.settings = settings;
        this.clock = clock;
    }

    record Receipt(int received, int stored, int ignored) {
    }

    void register(HttpRules rules) {
        rules.post("/v1/events/watch", this::ingest);
    }

    private void ingest(ServerRequest request, ServerResponse response) {
        long me = authenticator.requireUser(request).subject().value();
        // Batches are larger than the usual JSON body: 500 events of about 150 bytes.
        JsonBody body = JsonBody.read(request, Math.max(settings.maxBodyBytes(), 256 * 1024));
        Optional<List<JsonBody>> elements = body.requiredObjects("events", MAX_BATCH);
        Instant now = clock.instant();
        List<WatchEvents.Watch> batch = new ArrayList<>();
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < elements.map(List::size).orElse(0); i++) {
            JsonBody e = elements.get().get(i);
            String prefix = "events[" + i + "]";
            Optional<UUID> id = e.requiredString("id").flatMap(text -> uuid(e, text));
            OptionalLong video = e.requiredLong("videoId");
            OptionalLong watched = e.requiredLong("watchedMs");
            boolean completed = e.optionalBoolean("completed");
            boolean skipped = e.optionalBoolean("skipped");
            boolean notInterested = e.optionalBoolean("notInterested");
            if (video.isPresent() && video.getAsLong() < 1) {
                e.reject("videoId", "must be a video id");
            }
            if (watched.isPresent() && (watched.getAsLong() < 0 || watched.getAsLong() > MAX_WATCHED_MS)) {
                e.reject("watchedMs", "must be 0 to " + MAX_WATCHED_MS);
            }
            if (id.isPresent() && !ids.add(id.get())) {
                e.reject("id", "is repeated in this batch");
            }
            body.finishElement(prefix, e);
            if (id.isPresent() && video.isPresent() && watched.isPresent()) {
                batch.add(new WatchEvents.Watch(id.get(), video.getAsLong(), watched.getAsLong(), completed, skipped,
                        notInterested, now));
            }
        }
        body.finish();
        Map<UUID, WatchEvents.Added> stored = forYou.ingest(me, batch, () -> events.ingest(me, batch, now));
        Json.send(response, Status.OK_200, new Receipt(batch.size(), stored.size(), batch.size() - stored.size()));
    }

    private static Optional<UUID> uuid(JsonBody e, String text) {
        try {
            if (text.length() == 36) {
                return Optional.of(UUID.fromString(text));
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        e.reject("id", "must be a UUID");
        return Optional.empty();
    }
}

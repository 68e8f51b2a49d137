package org.custos.app.videos;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * Videos and watch events written by a bulk import, through the same stores as the HTTP routes: a video row with
 * its zero counters in one transaction, and watch events through {@link WatchEvents#ingest}, the single-round-trip
 * batch path of {@code POST /v1/events/watch} (sealed events, idempotent on the client event id, view counters
 * raised in the same statement).
 *
 * <p>An imported video carries its metadata and a placeholder medium: a 24-byte MP4 holding only an {@code ftyp}
 * box, encrypted under a fresh media key sealed by the author's data key like an upload's, so streaming, erasure
 * and key rotation treat it as any other video. Its blob key is derived from the stable external id
 * ({@code import-<source>-<id>}), so a re-run finds the video instead of duplicating it.
 */
public final class ImportedContent {
    /** The prefix of every imported video's blob key; uploads use random names without it. */
    public static final String EXTERNAL_PREFIX = "import-";
    /** The smallest well-formed ISO base media file: one {@code ftyp} box (size 24, brand isom, two compatible). */
    private static final byte[] PLACEHOLDER = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
            'i', 's', 'o', 'm', 'm', 'p', '4', '1'};

    /** One watch event of the source, with the client event id derived from its row. */
    public record ImportedWatch(UUID clientId, long videoId, long watchedMs, boolean completed, boolean skipped,
                                boolean notInterested, Instant at) {
        public ImportedWatch {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(at, "at");
        }
    }

    private final DataSource dataSource;
    private final Vault vault;
    private final BlobStore blobs;
    private final VideoStore videos;
    private final WatchEvents events;
    /** The running app's For You feed, when imported content should reach the owner's algorithm at once. */
    private final java.util.Optional<ForYouFeed> forYou;

    private ImportedContent(DataSource dataSource, Vault vault, BlobStore blobs, java.util.Optional<ForYouFeed> forYou) {
        this.forYou = forYou;
        Identities identities = new Identities(vault);
        this.dataSource = dataSource;
        this.vault = vault;
        this.blobs = blobs;
        this.videos = new VideoStore(dataSource, vault, identities);
        this.events = new WatchEvents(dataSource, vault, identities);
    }

    /**
     * Requires the {@code vault} and {@code app} migrations on {@code dataSource}. For an instance that is not
     * running: its owner's algorithm learns the content from the tables at its next start.
     */
    public static ImportedContent create(DataSource dataSource, Vault vault, BlobStore blobs) {
        return new ImportedContent(Objects.requireNonNull(dataSource, "dataSource"),
                Objects.requireNonNull(vault, "vault"), Objects.requireNonNull(blobs, "blobs"),
                java.util.Optional.empty());
    }

    /** Imports into a running app, whose owner's algorithm learns the content as it is added. */
    static ImportedContent create(DataSource dataSource, Vault vault, BlobStore blobs, ForYouFeed forYou) {
        return new ImportedContent(dataSource, vault, blobs, java.util.Optional.of(forYou));
    }

    /** Video ids by external id (without the prefix) for every video imported earlier under {@code source}. */
    public Map<String, Long> existing(String source) {
        String prefix = EXTERNAL_PREFIX + source + "-";
        Map<String, Long> found = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT blob_key, id FROM app_videos WHERE starts_with(blob_key, ?)")) {
            q.setString(1, prefix);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1).substring(prefix.length()), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading imported videos", e);
        }
        return found;
    }

    /**
     * Adds a public video with the placeholder medium; returns its id. {@code source} and {@code externalId} are
     * letters, digits, {@code _} or {@code -} (they form the blob key). A duration the source lacks becomes 1 ms.
     */
    public long addVideo(String source, String externalId, long authorId, String caption, List<String> hashtags,
                         long durationMs, Instant createdAt) throws IOException {
        String blobKey = EXTERNAL_PREFIX + source + "-" + externalId;
        long id = videos.nextId();
        byte[] key = MediaCipher.newKey();
        byte[] sealedKey = vault.seal(new SubjectId(authorId), VideoStore.MEDIA_KEY, key);
        Multipart.Part medium = new Multipart.Part("media", true, PLACEHOLDER, 0, PLACEHOLDER.length);
        blobs.put(blobKey, out -> MediaCipher.encrypt(key, id, medium, out));
        try {
            videos.insert(id, new VideoStore.Upload(authorId, Visibility.PUBLIC, caption, List.copyOf(hashtags),
                    Math.max(1, durationMs), MediaType.MP4, PLACEHOLDER.length, blobKey), sealedKey, createdAt);
        } catch (RuntimeException e) {
            blobs.delete(blobKey);
            throw e;
        }
        forYou.ifPresent(f -> f.published(new FactHub.VideoFact(id, authorId, Math.max(1, durationMs), createdAt,
                Visibility.PUBLIC, hashtags)));
        return id;
    }

    /** Ingests one viewer's batch; returns how many events were new (a re-run returns 0). */
    public int addWatches(long viewer, List<ImportedWatch> batch, Instant now) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<WatchEvents.Watch> watches = new ArrayList<>(batch.size());
        for (ImportedWatch w : batch) {
            watches.add(new WatchEvents.Watch(w.clientId(), w.videoId(), w.watchedMs(), w.completed(), w.skipped(),
                    w.notInterested(), w.at()));
        }
        if (forYou.isPresent()) {
            return forYou.get().ingest(viewer, watches, () -> events.ingest(viewer, watches, now)).size();
        }
        return events.ingest(viewer, watches, now).size();
    }
}

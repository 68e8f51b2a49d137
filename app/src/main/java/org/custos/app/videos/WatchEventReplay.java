package org.custos.app.videos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.custos.recsys.Catalog;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.Video;
import org.custos.vault.AccessContext;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;
import org.custos.vault.SubjectShreddedException;
import org.custos.vault.Vault;

/**
 * Reads stored watch events back for the recommender, in row order after a position: what a restart replays
 * since the engine's snapshot. Every event is PROTECTED, so each is opened through the vault in
 * {@link #RECOMMENDER}, the service principal {@code recommender} for purpose {@code feed.for-you} (a counted
 * service read, reported in the transparency log by window).
 *
 * <p>A row names its viewer only by a blind index, and the vault needs the viewer to open the event. The index is
 * resolved by computing the index of each account in id order until it is found, remembered for the rest of the
 * replay; that costs one HMAC per account once, which suits one node's replay of a few minutes of events. A row
 * of a viewer or video that no longer exists, or of an erased viewer, is skipped.
 */
final class WatchEventReplay implements WatchEventStream.Table {
    /** Who reads watch history for the For You feed, and why. */
    static final AccessContext RECOMMENDER = new AccessContext(Principal.service("recommender"),
            new Purpose("feed.for-you"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCOUNTS_PER_QUERY = 10_000;

    /** One read of the table: the events it yields, the rows it read and the id of the last one. */
    record Page(List<WatchEventStream.Positioned> events, int rows, long lastRow) {
    }

    private final DataSource dataSource;
    private final Vault vault;
    private final Identities identities;
    private final Catalog catalog;
    private final Map<ByteBuffer, Long> viewers = new HashMap<>();
    private long accountsScannedUpTo;

    WatchEventReplay(DataSource dataSource, Vault vault, Identities identities, Catalog catalog) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.identities = identities;
        this.catalog = catalog;
    }

    @Override
    public Page after(long position, int max) {
        record Row(long id, byte[] index, byte[] event) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id, user_index, event FROM app_watch_events"
                     + " WHERE id > ? ORDER BY id LIMIT ?")) {
            q.setLong(1, position);
            q.setInt(2, max);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading watch events for the recommender", e);
        }
        List<WatchEventStream.Positioned> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            viewer(row.index()).flatMap(viewer -> event(viewer, row.event()))
                    .ifPresent(e -> events.add(new WatchEventStream.Positioned(row.id(), e)));
        }
        return new Page(events, rows.size(), rows.isEmpty() ? position : rows.getLast().id());
    }

    /** The account index map is only needed while replaying; a later replay rebuilds it. */
    @Override
    public void replayDone() {
        viewers.clear();
        accountsScannedUpTo = 0;
    }

    private Optional<InteractionEvent> event(long viewer, byte[] sealed) {
        WatchEvents.Stored stored;
        try {
            stored = JSON.readValue(vault.open(RECOMMENDER, new SubjectId(viewer), WatchEvents.EVENT, sealed),
                    WatchEvents.Stored.class);
        } catch (SubjectShreddedException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("a stored watch event does not decode", e);
        }
        Optional<Video> video = catalog.video(stored.videoId());
        return video.map(v -> InteractionEvent.ofWatch(viewer, stored.videoId(), Instant.parse(stored.at()),
                stored.watchedMs(), v.durationMs(), false, stored.notInterested(), false, 0, StoreCatalog.REGION));
    }

    private Optional<Long> viewer(byte[] index) {
        ByteBuffer key = ByteBuffer.wrap(index);
        Long known = viewers.get(key);
        while (known == null) {
            List<Long> accounts = accountsAfter(accountsScannedUpTo);
            if (accounts.isEmpty()) {
                return Optional.empty();
            }
            for (long id : accounts) {
                viewers.put(ByteBuffer.wrap(identities.index(Identities.WATCHER_INDEX, id)), id);
            }
            accountsScannedUpTo = accounts.getLast();
            known = viewers.get(key);
        }
        return Optional.of(known);
    }

    private List<Long> accountsAfter(long id) {
        List<Long> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id FROM app_users WHERE id > ? ORDER BY id LIMIT ?")) {
            q.setLong(1, id);
            q.setInt(2, ACCOUNTS_PER_QUERY);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading accounts to resolve watch-event viewers", e);
        }
        return out;
    }
}

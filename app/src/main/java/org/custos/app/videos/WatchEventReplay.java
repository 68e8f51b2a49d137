package org.custos.app.videos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.custos.vault.AccessContext;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;
import org.custos.vault.SubjectShreddedException;
import org.custos.vault.Vault;

/**
 * Reads stored watch events back for the recommender, in row order after a position: what a new or restarted
 * engine replays. Every event is PROTECTED, so each is opened through the vault in {@link #RECOMMENDER}, the
 * service principal {@code recommender} for purpose {@code feed.for-you} (a counted service read, reported in the
 * transparency log by window), one count per viewer and page.
 *
 * <p>A row names its viewer by a blind index (for the viewer's own lookups) and by a subject reference
 * ({@code viewer_ref}, the id sealed under the custodian's reference key): opening the reference costs one AES-GCM
 * decryption, where reversing the blind index would cost one HMAC per account. A row of an erased viewer, of a
 * deleted video, or stored before references existed is skipped.
 */
final class WatchEventReplay implements WatchEventStream.Table {
    /** Who reads watch history for the For You feed, and why. */
    static final AccessContext RECOMMENDER = new AccessContext(Principal.service("recommender"),
            new Purpose("feed.for-you"));
    private static final Logger LOG = Logger.getLogger(WatchEventReplay.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One read of the table: the events it yields, the rows it read and the id of the last one. */
    record Page(List<WatchEventStream.Positioned> events, int rows, long lastRow) {
    }

    private final DataSource dataSource;
    private final Vault vault;
    private boolean warnedUnreferenced;

    WatchEventReplay(DataSource dataSource, Vault vault) {
        this.dataSource = dataSource;
        this.vault = vault;
    }

    @Override
    public Page after(long position, int max) {
        record Row(long id, byte[] reference, byte[] event) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id, viewer_ref, event FROM app_watch_events"
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
        // Group by viewer so that each viewer's events of the page are one counted read.
        Map<Long, List<Row>> byViewer = new LinkedHashMap<>();
        int unreferenced = 0;
        for (Row row : rows) {
            if (row.reference() == null) {
                unreferenced++;
                continue;
            }
            long viewer = vault.openReference(WatchEvents.VIEWER_REF, row.reference()).value();
            byViewer.computeIfAbsent(viewer, v -> new ArrayList<>()).add(row);
        }
        if (unreferenced > 0 && !warnedUnreferenced) {
            warnedUnreferenced = true;
            int skipped = unreferenced;
            LOG.warning(() -> skipped + " watch events stored before viewer references existed are not replayed");
        }
        Map<Long, WatchEvents.Stored> opened = new HashMap<>();
        Map<Long, Long> viewers = new HashMap<>();
        for (Map.Entry<Long, List<Row>> group : byViewer.entrySet()) {
            List<byte[]> sealed = group.getValue().stream().map(Row::event).toList();
            List<byte[]> plain;
            try {
                plain = vault.openAll(RECOMMENDER, new SubjectId(group.getKey()), WatchEvents.EVENT, sealed);
            } catch (SubjectShreddedException erased) {
                continue;
            }
            for (int i = 0; i < plain.size(); i++) {
                long id = group.getValue().get(i).id();
                opened.put(id, decode(plain.get(i)));
                viewers.put(id, group.getKey());
            }
        }
        Map<Long, Long> durations = durations(opened.values().stream().map(WatchEvents.Stored::videoId).toList());
        List<WatchEventStream.Positioned> events = new ArrayList<>(opened.size());
        for (Row row : rows) {
            WatchEvents.Stored stored = opened.get(row.id());
            if (stored != null && durations.containsKey(stored.videoId())) {
                events.add(new WatchEventStream.Positioned(row.id(), StoredWatch.of(viewers.get(row.id()), stored,
                        durations.get(stored.videoId())), true));
            }
        }
        return new Page(events, rows.size(), rows.isEmpty() ? position : rows.getLast().id());
    }

    private static WatchEvents.Stored decode(byte[] json) {
        try {
            return JSON.readValue(json, WatchEvents.Stored.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored watch event does not decode", e);
        }
    }

    private Map<Long, Long> durations(List<Long> videoIds) {
        Map<Long, Long> out = new HashMap<>();
        if (videoIds.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT id, duration_ms FROM app_videos WHERE id = ANY (?)")) {
            q.setArray(1, c.createArrayOf("bigint", videoIds.stream().distinct().toArray(Long[]::new)));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading video lengths for the recommender", e);
        }
        return out;
    }
}

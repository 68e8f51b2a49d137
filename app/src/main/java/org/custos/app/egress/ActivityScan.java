package org.custos.app.egress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;
import org.custos.vault.SubjectShreddedException;
import org.custos.vault.Vault;

/**
 * Users' protected activity for the egress gateway's aggregate flow, read through the vault as the service
 * principal {@code service:gateway} with purpose {@code egress.aggregate-metrics}: every value opened is counted in
 * the vault's service-read windows (and so in the transparency log) before it is decrypted.
 *
 * <p>Users are read in id order in batches of {@value #BATCH}; a batch's watch events come in one query by the
 * viewers' blind indexes. A user's events are opened together ({@link Vault#openAll}: one accounted read per user),
 * and their birth date and region only if they watched anything in the range, so inactive users' data stays closed.
 */
public final class ActivityScan {
    /** Who reads, and why, in the audit trail. */
    public static final AccessContext CONTEXT = new AccessContext(Principal.service("gateway"),
            new Purpose("egress.aggregate-metrics"));
    static final int BATCH = 500;
    private static final Column WATCHER_INDEX = new Column("app_watch_events", "user_index");
    private static final Column EVENT = new Column("app_watch_events", "event");
    private static final Column BIRTH_DATE = new Column("app_users", "birth_date");
    private static final Column REGION = new Column("app_users", "region");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final Vault vault;

    public ActivityScan(DataSource dataSource, Vault vault) {
        this.dataSource = dataSource;
        this.vault = vault;
    }

    private record User(long id, byte[] birthDate, byte[] region) {
    }

    /**
     * Hands {@code sink}, on the calling thread, every user with watch time between {@code from} and {@code to}
     * (inclusive UTC days), with that time per day.
     *
     * @return rows read: users plus watch events
     */
    public long scan(LocalDate from, LocalDate to, Consumer<UserDays> sink) {
        long rows = 0;
        long after = 0;
        try (Connection c = dataSource.getConnection()) {
            while (true) {
                List<User> users = users(c, after);
                if (users.isEmpty()) {
                    return rows;
                }
                after = users.getLast().id();
                rows += users.size();
                Map<String, User> byIndex = new LinkedHashMap<>();
                for (User user : users) {
                    byte[] index = vault.blindIndex(WATCHER_INDEX, Long.toString(user.id()));
                    byIndex.put(HexFormat.of().formatHex(index), user);
                }
                Map<String, List<byte[]>> events = events(c, byIndex.keySet());
                for (Map.Entry<String, User> entry : byIndex.entrySet()) {
                    List<byte[]> sealed = events.getOrDefault(entry.getKey(), List.of());
                    rows += sealed.size();
                    if (!sealed.isEmpty()) {
                        try {
                            days(entry.getValue(), sealed, from, to).ifPresent(sink);
                        } catch (SubjectShreddedException erased) {
                            // An erased user's data is unreadable by design and counts for nothing.
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read activity for an aggregate", e);
        }
    }

    private java.util.Optional<UserDays> days(User user, List<byte[]> sealed, LocalDate from, LocalDate to) {
        SubjectId subject = new SubjectId(user.id());
        Map<LocalDate, Long> watched = new TreeMap<>();
        for (byte[] event : vault.openAll(CONTEXT, subject, EVENT, sealed)) {
            JsonNode json;
            try {
                json = JSON.readTree(event);
            } catch (IOException e) {
                throw new IllegalStateException("a stored watch event is not JSON", e);
            }
            LocalDate day = Instant.parse(json.path("at").asText()).atZone(ZoneOffset.UTC).toLocalDate();
            if (!day.isBefore(from) && !day.isAfter(to)) {
                watched.merge(day, Math.max(0, json.path("watchedMs").asLong()), Long::sum);
            }
        }
        if (watched.isEmpty()) {
            return java.util.Optional.empty();
        }
        LocalDate birthDate = LocalDate.parse(new String(vault.openAll(CONTEXT, subject, BIRTH_DATE,
                List.of(user.birthDate())).getFirst(), java.nio.charset.StandardCharsets.UTF_8));
        String region = new String(vault.openAll(CONTEXT, subject, REGION, List.of(user.region())).getFirst(),
                java.nio.charset.StandardCharsets.UTF_8);
        return java.util.Optional.of(new UserDays(birthDate, region, watched));
    }

    private static List<User> users(Connection c, long after) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT id, birth_date, region FROM app_users WHERE id > ? ORDER BY id LIMIT " + BATCH)) {
            q.setLong(1, after);
            List<User> users = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    users.add(new User(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
                }
            }
            return users;
        }
    }

    private static Map<String, List<byte[]>> events(Connection c, java.util.Set<String> indexes) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT user_index, event FROM app_watch_events WHERE user_index = ANY (?)")) {
            byte[][] keys = indexes.stream().map(HexFormat.of()::parseHex).toArray(byte[][]::new);
            q.setArray(1, c.createArrayOf("bytea", keys));
            Map<String, List<byte[]>> events = new HashMap<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    events.computeIfAbsent(HexFormat.of().formatHex(rs.getBytes(1)), k -> new ArrayList<>())
                            .add(rs.getBytes(2));
                }
            }
            return events;
        }
    }
}

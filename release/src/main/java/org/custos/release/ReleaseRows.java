package org.custos.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.custos.vault.Principal;

/** Reading releases, reviews and rebuilds back from their rows. */
final class ReleaseRows {
    private ReleaseRows() {
    }

    /** A stored rebuild with what the statement needs beyond the report. */
    record StoredRebuild(RebuildReport report, SortedMap<String, String> recipe,
                         List<Rebuilder.Dependency> dependencies) {}

    static Optional<Release> load(Connection c, String id, String lock) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT * FROM release_releases WHERE id = ?" + lock)) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(release(c, rs));
            }
        }
    }

    static Optional<Release> load(Connection c, String id) throws SQLException {
        return load(c, id, "");
    }

    static Optional<String> idOfArtifact(Connection c, Sha256Digest digest) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM release_releases WHERE artifact_digest = ?")) {
            q.setString(1, digest.toString());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Release release(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        long logIndex = rs.getLong("log_index");
        OptionalLong index = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(logIndex);
        return new Release(id, Sha256Digest.parse(rs.getString("artifact_digest")),
                Sha256Digest.parse(rs.getString("source_digest")), rs.getString("bundle_name"),
                rs.getString("main_class"), rs.getInt("protocol_version"), principal(rs.getString("submitter")),
                rs.getString("notes"), Sha256Digest.parse(rs.getString("notes_commitment")),
                rs.getInt("required_reviews"), ReleaseState.valueOf(rs.getString("state")), reviews(c, id),
                latestRebuild(c, id).map(StoredRebuild::report), rs.getTimestamp("submitted_at").toInstant(),
                instant(rs, "approved_at"), Optional.ofNullable(rs.getString("statement")),
                Optional.ofNullable(rs.getString("closed_by")).map(ReleaseRows::principal),
                Optional.ofNullable(rs.getString("closed_reason")), instant(rs, "closed_at"), index);
    }

    static List<Review> reviews(Connection c, String id) throws SQLException {
        List<Review> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT reviewer, verdict, findings, findings_commitment, reason, reviewed_at FROM release_reviews
                WHERE release_id = ? ORDER BY reviewed_at, reviewer""")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Review(principal(rs.getString(1)), ReviewVerdict.valueOf(rs.getString(2)),
                            rs.getString(3), Sha256Digest.parse(rs.getString(4)), rs.getString(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
        }
        return out;
    }

    static Optional<StoredRebuild> latestRebuild(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT * FROM release_rebuilds WHERE release_id = ? ORDER BY id DESC LIMIT 1""")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                RebuildReport report = new RebuildReport(rs.getLong("id"),
                        Optional.ofNullable(rs.getString("rebuilt_digest")).map(Sha256Digest::parse),
                        rs.getBoolean("matches"), strings(rs.getArray("only_in_submitted")),
                        strings(rs.getArray("only_in_rebuilt")), strings(rs.getArray("differing")),
                        rs.getString("runtime"), rs.getString("builder"), rs.getTimestamp("started_on").toInstant(),
                        rs.getTimestamp("finished_on").toInstant(), rs.getString("error"));
                return Optional.of(new StoredRebuild(report, recipe(rs.getString("recipe")),
                        dependencies(rs.getString("dependencies"))));
            }
        }
    }

    static String recipeJson(Map<String, String> recipe) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        recipe.forEach(node::put);
        return CanonicalJson.write(node);
    }

    static String dependenciesJson(List<Rebuilder.Dependency> dependencies) {
        ArrayNode node = JsonNodeFactory.instance.arrayNode();
        for (Rebuilder.Dependency d : dependencies) {
            node.addObject().put("name", d.name()).put("uri", d.uri()).put("digest", d.digest().toString());
        }
        return CanonicalJson.write(node);
    }

    private static SortedMap<String, String> recipe(String json) throws SQLException {
        SortedMap<String, String> out = new TreeMap<>();
        parse(json).properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static List<Rebuilder.Dependency> dependencies(String json) throws SQLException {
        List<Rebuilder.Dependency> out = new ArrayList<>();
        for (JsonNode d : parse(json)) {
            out.add(new Rebuilder.Dependency(d.path("name").asText(), d.path("uri").asText(),
                    Sha256Digest.parse(d.path("digest").asText())));
        }
        return out;
    }

    private static JsonNode parse(String json) throws SQLException {
        try {
            return CanonicalJson.STRICT.readTree(json);
        } catch (IOException e) {
            throw new SQLException("a stored rebuild's JSON is unreadable", e);
        }
    }

    static Principal principal(String text) {
        int colon = text.indexOf(':');
        return new Principal(Principal.Kind.valueOf(text.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
                text.substring(colon + 1));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}

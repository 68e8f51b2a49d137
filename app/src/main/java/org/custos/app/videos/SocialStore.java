package org.custos.app.videos;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * Follows, likes, comments and shares. Each change and the counter it moves are one statement (a data-modifying
 * CTE), so the public counters always equal the rows behind them. The acting user is stored as a blind index plus
 * their id sealed under their own key; see V2__videos_social_events.sql.
 */
final class SocialStore {
    static final Column FOLLOWER = new Column("app_follows", "follower");
    static final Column LIKER = new Column("app_likes", "liker");
    static final Column SHARER = new Column("app_shares", "sharer");
    static final Column COMMENT = new Column("app_comments", "sealed");

    /** One account in a follow list, with the position to continue after it. */
    record Edge(long userId, String handle, Cursor cursor) {
    }

    record Comment(long id, long videoId, long authorId, String authorHandle, String text, Instant createdAt) {
        record View(long id, long videoId, String author, String text, String createdAt) {
        }

        View view() {
            return new View(id, videoId, authorHandle, text, createdAt.toString());
        }
    }

    private final DataSource dataSource;
    private final Vault vault;
    private final Identities identities;

    SocialStore(DataSource dataSource, Vault vault, Identities identities) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.identities = identities;
    }

    Optional<Long> userIdByHandle(String handle) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id FROM app_users WHERE handle = ?")) {
            q.setString(1, handle);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Sql.failure("looking up a handle", e);
        }
    }

    /** Idempotent: following twice is one edge. */
    void follow(long follower, long followee, Instant now) {
        // Sealed under the followee's key: the follower list is the followee's to read (GET /v1/me/followers).
        byte[] sealed = vault.seal(new SubjectId(followee), FOLLOWER, longBytes(follower));
        update("following", """
                INSERT INTO app_follows (follower_index, followee_id, follower, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", identities.index(Identities.FOLLOWER_INDEX, follower), followee, sealed,
                Timestamp.from(now));
    }

    void unfollow(long follower, long followee) {
        update("unfollowing", "DELETE FROM app_follows WHERE follower_index = ? AND followee_id = ?",
                identities.index(Identities.FOLLOWER_INDEX, follower), followee);
    }

    /** Whom {@code follower} follows, newest edge first. Only the follower asks this (their own list). */
    List<Edge> following(long follower, Cursor before, int limit) {
        List<Edge> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT f.followee_id, u.handle, f.created_at, f.id FROM app_follows f
                     JOIN app_users u ON u.id = f.followee_id
                     WHERE f.follower_index = ? AND (f.created_at, f.id) < (?, ?)
                     ORDER BY f.created_at DESC, f.id DESC LIMIT ?""")) {
            q.setBytes(1, identities.index(Identities.FOLLOWER_INDEX, follower));
            q.setTimestamp(2, Timestamp.from(before.at()));
            q.setLong(3, before.id());
            q.setInt(4, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Edge(rs.getLong(1), rs.getString(2),
                            new Cursor(rs.getTimestamp(3).toInstant(), rs.getLong(4))));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("listing follows", e);
        }
        return out;
    }

    /** Who follows {@code followee}, newest first; the followee reads their own list, opened under their key. */
    List<Edge> followers(long followee, Cursor before, int limit) {
        record Row(byte[] sealed, Cursor cursor) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT follower, created_at, id FROM app_follows
                     WHERE followee_id = ? AND (created_at, id) < (?, ?)
                     ORDER BY created_at DESC, id DESC LIMIT ?""")) {
            q.setLong(1, followee);
            q.setTimestamp(2, Timestamp.from(before.at()));
            q.setLong(3, before.id());
            q.setInt(4, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getBytes(1), new Cursor(rs.getTimestamp(2).toInstant(), rs.getLong(3))));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("listing followers", e);
        }
        List<Edge> out = new ArrayList<>();
        Map<Long, String> handles = new HashMap<>();
        for (Row row : rows) {
            long follower = ByteBuffer.wrap(vault.open(AccessContext.self(new SubjectId(followee)),
                    new SubjectId(followee), FOLLOWER, row.sealed())).getLong();
            out.add(new Edge(follower, "", row.cursor()));
        }
        handles.putAll(handles(out.stream().map(Edge::userId).toList()));
        return out.stream().filter(e -> handles.containsKey(e.userId()))
                .map(e -> new Edge(e.userId(), handles.get(e.userId()), e.cursor())).toList();
    }

    /** Likes the video once; the like counter moves in the same statement. */
    void like(long user, long videoId, Instant now) {
        byte[] sealed = vault.seal(new SubjectId(user), LIKER, longBytes(user));
        update("liking", """
                WITH added AS (
                    INSERT INTO app_likes (video_id, liker_index, liker, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING RETURNING video_id)
                UPDATE app_video_counters SET likes = likes + (SELECT count(*) FROM added) WHERE video_id = ?""",
                videoId, identities.index(Identities.LIKER_INDEX, user), sealed, Timestamp.from(now), videoId);
    }

    void unlike(long user, long videoId) {
        update("unliking", """
                WITH removed AS (
                    DELETE FROM app_likes WHERE video_id = ? AND liker_index = ? RETURNING video_id)
                UPDATE app_video_counters SET likes = likes - (SELECT count(*) FROM removed) WHERE video_id = ?""",
                videoId, identities.index(Identities.LIKER_INDEX, user), videoId);
    }

    /** Shares the video once (the unique key app_shares_once); the share counter moves in the same statement. */
    void share(long user, long videoId, Instant now) {
        byte[] sealed = vault.seal(new SubjectId(user), SHARER, longBytes(user));
        update("sharing", """
                WITH added AS (
                    INSERT INTO app_shares (video_id, sharer_index, sharer, created_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (video_id, sharer_index) DO NOTHING RETURNING video_id)
                UPDATE app_video_counters SET shares = shares + (SELECT count(*) FROM added) WHERE video_id = ?""",
                videoId, identities.index(Identities.SHARER_INDEX, user), sealed, Timestamp.from(now), videoId);
    }

    /** Adds a comment: public text on a public video, sealed under the commenter's key on any other. */
    long comment(long author, long videoId, boolean publicVideo, String text, Instant now) {
        byte[] sealed = publicVideo ? null : vault.sealString(new SubjectId(author), COMMENT, text);
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     WITH added AS (
                         INSERT INTO app_comments (video_id, author_id, body, sealed, created_at)
                         VALUES (?, ?, ?, ?, ?) RETURNING id, video_id),
                     counted AS (
                         UPDATE app_video_counters SET comments = comments + 1
                         WHERE video_id = (SELECT video_id FROM added))
                     SELECT id FROM added""")) {
            q.setLong(1, videoId);
            q.setLong(2, author);
            q.setString(3, publicVideo ? text : null);
            q.setBytes(4, sealed);
            q.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw Sql.failure("commenting", e);
        }
    }

    /** Deletes the author's own comment; false when there is no such comment of theirs. */
    boolean deleteComment(long author, long commentId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     WITH removed AS (
                         DELETE FROM app_comments WHERE id = ? AND author_id = ? RETURNING video_id)
                     UPDATE app_video_counters SET comments = comments - 1
                     WHERE video_id = (SELECT video_id FROM removed)""")) {
            q.setLong(1, commentId);
            q.setLong(2, author);
            return q.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Sql.failure("deleting a comment", e);
        }
    }

    /** Comments of a video the reader may see, newest first; sealed ones are opened as an audited social view. */
    List<Comment> comments(long reader, long videoId, Cursor before, int limit) {
        record Row(long id, long authorId, String handle, String body, byte[] sealed, Instant at) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT m.id, m.author_id, u.handle, m.body, m.sealed, m.created_at
                     FROM app_comments m JOIN app_users u ON u.id = m.author_id
                     WHERE m.video_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?""")) {
            q.setLong(1, videoId);
            q.setLong(2, before.id());
            q.setInt(3, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getBytes(5), rs.getTimestamp(6).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("listing comments", e);
        }
        List<Comment> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            String text = r.body() != null ? r.body() : vault.openString(Identities.context(reader, r.authorId()),
                    new SubjectId(r.authorId()), COMMENT, r.sealed());
            out.add(new Comment(r.id(), videoId, r.authorId(), r.handle(), text, r.at()));
        }
        return out;
    }

    private Map<Long, String> handles(List<Long> ids) {
        Map<Long, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id, handle FROM app_users WHERE id = ANY (?)")) {
            q.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading handles", e);
        }
        return out;
    }

    private void update(String operation, String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                u.setObject(i + 1, parameters[i]);
            }
            u.execute();
        } catch (SQLException e) {
            throw Sql.failure(operation, e);
        }
    }

    static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}

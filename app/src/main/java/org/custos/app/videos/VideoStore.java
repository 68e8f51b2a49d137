package org.custos.app.videos;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.custos.app.storage.Transactions;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * {@code app_videos} and {@code app_video_counters}. Every read takes the viewer and applies
 * {@link Visibilities#VISIBLE_TO_VIEWER} in SQL, so a video the viewer may not see is indistinguishable from one
 * that does not exist. Vault calls happen with no connection of ours open (the vault uses the same pool).
 */
final class VideoStore {
    static final Column DETAILS = new Column("app_videos", "details");
    static final Column MEDIA_KEY = new Column("app_videos", "media_key");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COLUMNS = """
            v.id, v.author_id, u.handle, v.visibility, v.caption, v.hashtags, v.details, v.duration_ms, v.media_type,
            v.media_bytes, v.created_at, c.views, c.likes, c.comments, c.shares""";
    static final String FROM = """
            FROM app_videos v JOIN app_users u ON u.id = v.author_id JOIN app_video_counters c ON c.video_id = v.id""";

    /** What is needed to stream a video's media. */
    record Media(long videoId, long authorId, byte[] sealedKey, String blobKey, String mediaType, long bytes) {
    }

    /** A new upload, validated. */
    record Upload(long authorId, Visibility visibility, String caption, List<String> hashtags, long durationMs,
                  MediaType mediaType, long mediaBytes, String blobKey) {
    }

    record Details(String caption, List<String> hashtags) {
    }

    private final DataSource dataSource;
    private final Vault vault;
    private final Identities identities;

    VideoStore(DataSource dataSource, Vault vault, Identities identities) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.identities = identities;
    }

    long nextId() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT nextval(pg_get_serial_sequence('app_videos', 'id'))");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw Sql.failure("allocating a video id", e);
        }
    }

    /** Inserts the video and its zero counters in one transaction. */
    void insert(long id, Upload upload, byte[] sealedMediaKey, Instant now) {
        boolean open = upload.visibility() == Visibility.PUBLIC;
        byte[] details = open ? null : sealedDetails(upload);
        try {
            Transactions.run(dataSource, c -> {
                try (PreparedStatement v = c.prepareStatement("""
                             INSERT INTO app_videos (id, author_id, visibility, caption, hashtags, details, duration_ms,
                                                     media_type, media_bytes, media_key, blob_key, created_at)
                             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                     PreparedStatement k = c.prepareStatement("INSERT INTO app_video_counters (video_id) VALUES (?)")) {
                    v.setLong(1, id);
                    v.setLong(2, upload.authorId());
                    v.setString(3, Visibilities.name(upload.visibility()));
                    v.setString(4, open ? upload.caption() : null);
                    v.setArray(5, open ? c.createArrayOf("text", upload.hashtags().toArray()) : null);
                    v.setBytes(6, details);
                    v.setLong(7, upload.durationMs());
                    v.setString(8, upload.mediaType().mime());
                    v.setLong(9, upload.mediaBytes());
                    v.setBytes(10, sealedMediaKey);
                    v.setString(11, upload.blobKey());
                    v.setTimestamp(12, Timestamp.from(now));
                    v.executeUpdate();
                    k.setLong(1, id);
                    k.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw Sql.failure("storing a video", e);
        }
    }

    /** Caption and hashtags of a non-public video, sealed for its author. */
    private byte[] sealedDetails(Upload upload) {
        try {
            return vault.seal(new SubjectId(upload.authorId()), DETAILS,
                    JSON.writeValueAsBytes(new Details(upload.caption(), upload.hashtags())));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode video details", e);
        }
    }

    Optional<VideoRecord> find(OptionalLong viewer, long videoId) {
        List<VideoRecord> found = query(viewer, " WHERE v.id = ? AND " + Visibilities.VISIBLE_TO_VIEWER,
                List.of(videoId, viewer.orElse(-1), identities.followIndex(viewer)));
        return found.stream().findFirst();
    }

    /** Videos by id, in the order given, leaving out those the viewer may not see or that are gone. */
    List<VideoRecord> findAll(OptionalLong viewer, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<VideoRecord> found = query(viewer, " WHERE v.id = ANY (?) AND " + Visibilities.VISIBLE_TO_VIEWER,
                List.of(ids.toArray(Long[]::new), viewer.orElse(-1), identities.followIndex(viewer)));
        return inOrder(ids, found);
    }

    /**
     * Videos by id, in the order given, that may be recommended to {@code viewer}: those {@link #findAll} would
     * return, minus the viewer's own. The visibility rule lets authors see their own videos of any audience, but
     * For You is for discovering others'; the algorithm answers for a pseudonym and cannot know who is asking, so
     * the exclusion is ours to make, here in the same statement as the visibility rule.
     */
    List<VideoRecord> recommendable(long viewer, List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        OptionalLong me = OptionalLong.of(viewer);
        List<VideoRecord> found = query(me, " WHERE v.id = ANY (?) AND v.author_id <> ? AND "
                        + Visibilities.VISIBLE_TO_VIEWER,
                List.of(ids.toArray(Long[]::new), viewer, viewer, identities.followIndex(me)));
        return inOrder(ids, found);
    }

    private static List<VideoRecord> inOrder(List<Long> ids, List<VideoRecord> found) {
        List<VideoRecord> ordered = new ArrayList<>(found.size());
        for (long id : ids) {
            found.stream().filter(v -> v.id() == id).findFirst().ifPresent(ordered::add);
        }
        return ordered;
    }

    /** The author's videos the viewer may see, newest first, strictly before {@code before}. */
    List<VideoRecord> byAuthor(OptionalLong viewer, long authorId, Cursor before, int limit) {
        return query(viewer, " WHERE v.author_id = ? AND (v.created_at, v.id) < (?, ?) AND "
                        + Visibilities.VISIBLE_TO_VIEWER + " ORDER BY v.created_at DESC, v.id DESC LIMIT ?",
                List.of(authorId, Timestamp.from(before.at()), before.id(), viewer.orElse(-1),
                        identities.followIndex(viewer), limit));
    }

    /** The Following feed: videos of the accounts the viewer follows, newest first, before the cursor. */
    List<VideoRecord> following(long viewer, Cursor before, int limit) {
        byte[] index = identities.followIndex(OptionalLong.of(viewer));
        return query(OptionalLong.of(viewer), """
                         WHERE v.author_id IN (SELECT followee_id FROM app_follows WHERE follower_index = ?)
                           AND v.visibility IN ('public', 'followers') AND (v.created_at, v.id) < (?, ?)
                         ORDER BY v.created_at DESC, v.id DESC LIMIT ?""",
                List.of(index, Timestamp.from(before.at()), before.id(), limit));
    }

    Optional<Media> media(OptionalLong viewer, long videoId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT v.id, v.author_id, v.media_key, v.blob_key, v.media_type, v.media_bytes
                     FROM app_videos v WHERE v.id = ? AND """ + Visibilities.VISIBLE_TO_VIEWER)) {
            q.setLong(1, videoId);
            q.setLong(2, viewer.orElse(-1));
            q.setBytes(3, identities.followIndex(viewer));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Media(rs.getLong(1), rs.getLong(2), rs.getBytes(3),
                        rs.getString(4), rs.getString(5), rs.getLong(6))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Sql.failure("reading a video's media reference", e);
        }
    }

    /** Deletes the author's own video (and, by cascade, its counters, likes and comments); returns its blob key. */
    Optional<String> deleteOwn(long authorId, long videoId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement d = c.prepareStatement(
                     "DELETE FROM app_videos WHERE id = ? AND author_id = ? RETURNING blob_key")) {
            d.setLong(1, videoId);
            d.setLong(2, authorId);
            try (ResultSet rs = d.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Sql.failure("deleting a video", e);
        }
    }

    private List<VideoRecord> query(OptionalLong viewer, String where, List<Object> parameters) {
        record Row(long id, long authorId, String handle, Visibility visibility, String caption, String[] hashtags,
                   byte[] details, long durationMs, String mediaType, long mediaBytes, Instant createdAt,
                   VideoRecord.Counters counters) {
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " " + FROM + " " + where)) {
            for (int i = 0; i < parameters.size(); i++) {
                Object p = parameters.get(i);
                if (p instanceof Long[] ids) {
                    q.setArray(i + 1, c.createArrayOf("bigint", ids));
                } else {
                    q.setObject(i + 1, p);
                }
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Array tags = rs.getArray(6);
                    rows.add(new Row(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            Visibilities.parse(rs.getString(4)).orElseThrow(), rs.getString(5),
                            tags == null ? null : (String[]) tags.getArray(), rs.getBytes(7), rs.getLong(8),
                            rs.getString(9), rs.getLong(10), rs.getTimestamp(11).toInstant(),
                            new VideoRecord.Counters(rs.getLong(12), rs.getLong(13), rs.getLong(14),
                                    rs.getLong(15))));
                }
            }
        } catch (SQLException e) {
            throw Sql.failure("reading videos", e);
        }
        List<VideoRecord> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Details details = r.details() == null ? new Details(r.caption(), Arrays.asList(r.hashtags()))
                    : openDetails(viewer.orElse(-1), r.authorId(), r.details());
            out.add(new VideoRecord(r.id(), r.authorId(), r.handle(), r.visibility(), details.caption(),
                    details.hashtags(), r.durationMs(), r.mediaType(), r.mediaBytes(), r.createdAt(),
                    r.counters()));
        }
        return out;
    }

    private Details openDetails(long reader, long author, byte[] sealed) {
        byte[] json = vault.open(Identities.context(reader, author), new SubjectId(author), DETAILS, sealed);
        try {
            return JSON.readValue(json, Details.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored video details do not decode", e);
        }
    }
}

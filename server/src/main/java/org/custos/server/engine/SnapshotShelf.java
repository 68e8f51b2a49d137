package org.custos.server.engine;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.custos.recsys.api.Lineage;
import org.custos.vault.AuditEvent;
import org.custos.vault.ObjectKey;
import org.custos.vault.Vault;

/**
 * The algorithms' snapshots, held by the host: the bytes an engine streams out are sealed as they arrive (Tink
 * streaming AEAD under a fresh vault object key per snapshot, the release and snapshot id as associated data),
 * written to {@code <state dir>/snapshots/snapshot-<id>.sealed}, flushed to disk, and only then recorded in
 * {@code engine_snapshots} with their lineage, which goes to the transparency log.
 *
 * <p>Why a key per snapshot: the snapshots hold every member's state (in the release's pseudonyms). After an
 * erasure the engines forget the member and are snapshotted again; destroying the older snapshots' keys then makes
 * every copy of them unreadable, backups included, without having to find the copies.
 */
final class SnapshotShelf {
    private static final Logger LOG = Logger.getLogger(SnapshotShelf.class.getName());
    static final String PURPOSE = "engine-snapshot";
    /** Snapshots kept per release and pseudonym epoch; older ones are destroyed. */
    static final int KEEP = 2;

    /** A stored snapshot. */
    record Stored(long id, String releaseId, int epoch, long watchPosition, long objectKey, Path file,
                  String sealedDigest, Instant createdAt) {
    }

    private final DataSource dataSource;
    private final Vault vault;
    private final Clock clock;
    private final Path directory;

    SnapshotShelf(DataSource dataSource, Vault vault, Clock clock, Path directory) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.clock = clock;
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the snapshot directory " + directory, e);
        }
    }

    /** A snapshot being written: the engine's bytes go to {@link #stream()}; then {@link #commit} or {@link #abort}. */
    final class Writing implements AutoCloseable {
        private final String releaseId;
        private final String artifactDigest;
        private final int epoch;
        private final long position;
        private final ObjectKey key;
        private final Path file;
        private final MessageDigest sha = sha256();
        private final OutputStream file0;
        private final OutputStream sealing;
        private boolean done;

        private Writing(String releaseId, String artifactDigest, int epoch, long position) throws IOException {
            this.releaseId = releaseId;
            this.artifactDigest = artifactDigest;
            this.epoch = epoch;
            this.position = position;
            this.key = vault.newObjectKey(PURPOSE);
            this.file = directory.resolve("snapshot-" + key.id() + ".sealed");
            this.file0 = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                this.sealing = key.streamingAead().newEncryptingStream(new DigestOutputStream(file0, sha),
                        associatedData(releaseId, key.id()));
            } catch (GeneralSecurityException e) {
                file0.close();
                throw new IOException("cannot seal a snapshot", e);
            }
        }

        /** Where the engine's snapshot bytes go; never closes the file itself. */
        OutputStream stream() {
            return new FilterOutputStream(sealing) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    sealing.write(b, off, len);
                }

                @Override
                public void close() {
                    // closed by commit or abort
                }
            };
        }

        /** Seals the end, forces the file to disk, records it and logs its lineage; returns it. */
        Stored commit(String releaseIdForLog, Lineage lineage) throws IOException {
            sealing.close();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            done = true;
            String digest = "sha256:" + HexFormat.of().formatHex(sha.digest());
            Instant now = clock.instant();
            long id;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO engine_snapshots (release_id, artifact_digest, pseudonym_epoch, watch_position,
                            object_key, file_name, sealed_digest, first_event, last_event, events, positives,
                            data_digest, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
                    insert.setString(1, releaseId);
                    insert.setString(2, artifactDigest);
                    insert.setInt(3, epoch);
                    insert.setLong(4, position);
                    insert.setLong(5, key.id());
                    insert.setString(6, file.getFileName().toString());
                    insert.setString(7, digest);
                    insert.setTimestamp(8, new Timestamp(lineage.firstEventMs()));
                    insert.setTimestamp(9, new Timestamp(lineage.lastEventMs()));
                    insert.setLong(10, lineage.events());
                    insert.setLong(11, lineage.positives());
                    insert.setString(12, "sha256:" + lineage.dataDigest());
                    insert.setTimestamp(13, Timestamp.from(now));
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                vault.record(c, new AuditEvent.ModelLineage(releaseIdForLog, artifactDigest,
                        Instant.ofEpochMilli(lineage.firstEventMs()), Instant.ofEpochMilli(lineage.lastEventMs()),
                        lineage.events(), lineage.positives(), "sha256:" + lineage.dataDigest(), position, digest,
                        now));
                c.commit();
            } catch (SQLException e) {
                abortQuietly();
                throw new IOException("cannot record the snapshot: SQL state " + e.getSQLState(), e);
            }
            return new Stored(id, releaseId, epoch, position, key.id(), file, digest, now);
        }

        /** Throws the partial snapshot away: its file and its key. */
        void abort() {
            abortQuietly();
        }

        private void abortQuietly() {
            done = true;
            try {
                sealing.close();
            } catch (IOException | RuntimeException ignored) {
                // being thrown away
            }
            try {
                file0.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warning("could not delete a partial snapshot file " + file.getFileName());
            }
            vault.destroyObjectKey(key.id());
        }

        @Override
        public void close() {
            if (!done) {
                abortQuietly();
            }
        }
    }

    /** Starts a snapshot of {@code releaseId} covering the watch events up to {@code position}. */
    Writing begin(String releaseId, String artifactDigest, int epoch, long position) throws IOException {
        return new Writing(releaseId, artifactDigest, epoch, position);
    }

    /** The newest usable snapshot of the release in this epoch. */
    Optional<Stored> latest(String releaseId, int epoch) {
        List<Stored> found = query("WHERE release_id = ? AND pseudonym_epoch = ? AND destroyed_at IS NULL"
                + " ORDER BY id DESC LIMIT 1", releaseId, epoch);
        return found.stream().findFirst();
    }

    /** The snapshot's plaintext, opened under its key. */
    InputStream open(Stored snapshot) throws IOException {
        ObjectKey key = vault.objectKey(snapshot.objectKey()).orElseThrow(() -> new IOException(
                "the key of snapshot " + snapshot.id() + " was destroyed"));
        try {
            return key.streamingAead().newDecryptingStream(Files.newInputStream(snapshot.file()),
                    associatedData(snapshot.releaseId(), snapshot.objectKey()));
        } catch (GeneralSecurityException e) {
            throw new IOException("snapshot " + snapshot.id() + " does not open", e);
        }
    }

    /** Destroys all but the newest {@link #KEEP} snapshots of the release and epoch. */
    void prune(String releaseId, int epoch) {
        List<Stored> live = query("WHERE release_id = ? AND pseudonym_epoch = ? AND destroyed_at IS NULL"
                + " ORDER BY id DESC", releaseId, epoch);
        for (int i = KEEP; i < live.size(); i++) {
            destroy(live.get(i));
        }
    }

    /**
     * Destroys every snapshot (of every release) created before {@code before}: what an erasure requires once the
     * running engines were snapshotted after forgetting the member. Returns how many.
     */
    int destroyCreatedBefore(Instant before) {
        List<Stored> old = query("WHERE destroyed_at IS NULL AND created_at < ? ORDER BY id", Timestamp.from(before));
        old.forEach(this::destroy);
        return old.size();
    }

    /** Every snapshot not destroyed, oldest first. */
    List<Stored> live() {
        return query("WHERE destroyed_at IS NULL ORDER BY id");
    }

    private void destroy(Stored snapshot) {
        vault.destroyObjectKey(snapshot.objectKey());
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement(
                     "UPDATE engine_snapshots SET destroyed_at = ? WHERE id = ? AND destroyed_at IS NULL")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setLong(2, snapshot.id());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark snapshot " + snapshot.id() + " destroyed: SQL state "
                    + e.getSQLState(), e);
        }
        try {
            Files.deleteIfExists(snapshot.file());
        } catch (IOException e) {
            // Its key is gone: what is left of the file is unreadable ciphertext.
            LOG.warning("could not delete the file of destroyed snapshot " + snapshot.id());
        }
    }

    private List<Stored> query(String where, Object... parameters) {
        List<Stored> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id, release_id, pseudonym_epoch, watch_position,"
                     + " object_key, file_name, sealed_digest, created_at FROM engine_snapshots " + where)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Stored(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getLong(5),
                            directory.resolve(rs.getString(6)), rs.getString(7), rs.getTimestamp(8).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read engine snapshots: SQL state " + e.getSQLState(), e);
        }
        return out;
    }

    private static byte[] associatedData(String releaseId, long keyId) {
        return ("custos.engine-snapshot.v1/" + releaseId + "/" + keyId).getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}

package org.custos.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * Rotation of the key-encryption key without downtime.
 *
 * <ol>
 *   <li>The key service creates KEK version n+1 and makes it primary: from then on every new data key is wrapped
 *       under it, while every older version still unwraps.
 *   <li>The data keys still under an older version are rewrapped in batches, walking the primary key; each batch
 *       is one short transaction that locks only its own rows ({@code FOR UPDATE}), so seals, opens and shreds of
 *       other subjects never wait, and a shred of a subject in the batch waits at most one batch.
 *   <li>Cached unwrapped data keys are unaffected: the data key itself does not change, only its wrapping.
 * </ol>
 *
 * The same walk then rewraps the object keys ({@code vault_keys.vault_object_keys}, the keys of model snapshots):
 * every wrapped key in the key store follows the KEK, whatever it protects.
 *
 * <p>Re-running after a crash continues: rows already under the primary version are skipped. An older KEK version can
 * be destroyed once no row of either table references it and the key-store backups that do have expired
 * (docs/operations-keys.md).
 */
final class KekRotator {
    static final int BATCH = 1_000;
    private static final int MAX_PASSES = 16;

    /**
     * A key-store table whose rows hold keys wrapped by the KEK: its name, its key column, the column (if any) that
     * is part of the wrap binding besides the key column, and that binding.
     */
    private enum Store {
        DATA_KEYS("vault_keys.vault_data_keys", "subject_id", "NULL::text") {
            @Override
            byte[] binding(Row row) {
                return DataKeys.wrapBinding(row.id());
            }
        },
        OBJECT_KEYS("vault_keys.vault_object_keys", "id", "purpose") {
            @Override
            byte[] binding(Row row) {
                return ObjectKeys.wrapBinding(row.id(), row.purpose());
            }
        };

        final String table;
        final String key;
        final String extra;

        Store(String table, String key, String extra) {
            this.table = table;
            this.key = key;
            this.extra = extra;
        }

        abstract byte[] binding(Row row);
    }

    private record Row(long id, String purpose, int kekVersion, byte[] wrapped) {
    }

    private final DataSource dataSource;
    private final KeyService keyService;
    private final PostgresAuditOutbox outbox;
    private final Clock clock;

    KekRotator(DataSource dataSource, KeyService keyService, PostgresAuditOutbox outbox, Clock clock) {
        this.dataSource = dataSource;
        this.keyService = keyService;
        this.outbox = outbox;
        this.clock = clock;
    }

    KekRotation rotate(LongConsumer progress) {
        Instant started = clock.instant();
        int version = keyService.rotate();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            outbox.append(connection, new AuditEvent.KeyEvent(
                    AuditEvent.KeyEvent.Kind.ROTATED, "kek:" + version, "", clock.instant()));
            long rewrapped = 0;
            int batches = 0;
            for (Store store : Store.values()) {
                int passes = 0;
                // Walk one old version at a time along the partial index (kek_version, key). When a version looks
                // done, look again: a node that had not yet seen the new primary may have wrapped keys behind the
                // cursor. Bounded; re-running the rotation finishes whatever is left.
                for (OptionalInt old = oldestBelow(connection, store, version); old.isPresent() && passes < MAX_PASSES;
                        old = oldestBelow(connection, store, version), passes++) {
                    long after = 0;
                    while (true) {
                        connection.setAutoCommit(false);
                        List<Row> rows = lockBatch(connection, store, old.getAsInt(), after);
                        if (rows.isEmpty()) {
                            connection.commit();
                            connection.setAutoCommit(true);
                            break;
                        }
                        rewrapped += rewrapBatch(connection, store, rows);
                        batches++;
                        after = rows.getLast().id();
                        progress.accept(rewrapped);
                    }
                }
            }
            connection.setAutoCommit(true);
            long current = countUnder(connection, version);
            return new KekRotation(version, rewrapped, Math.max(0, current - rewrapped), batches,
                    Duration.between(started, clock.instant()));
        } catch (SQLException e) {
            throw new KeyServiceException("key store unavailable during KEK rotation to version " + version
                    + "; re-run the rotation to continue (keys already rewrapped stay readable)", e);
        }
    }

    /**
     * Destroys every KEK version below the primary that no data key and no object key is wrapped under, and records
     * a SHREDDED key event for each; a version still wrapping any key is left alone. Key-store backups taken while
     * such a version was in use become undecryptable with it.
     */
    List<Integer> destroyRetired() {
        int primary = keyService.primaryKekVersion();
        List<Integer> destroyed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            for (int version : keyService.kekVersions()) {
                if (version >= primary || countUnder(connection, version) > 0) {
                    continue;
                }
                keyService.destroyKek(version);
                outbox.append(connection, new AuditEvent.KeyEvent(
                        AuditEvent.KeyEvent.Kind.SHREDDED, "kek:" + version, "", clock.instant()));
                destroyed.add(version);
            }
            return destroyed;
        } catch (SQLException e) {
            throw new KeyServiceException("key store unavailable while retiring KEK versions; destroyed so far: "
                    + destroyed, e);
        }
    }

    /** Rewraps one locked batch under the primary version and commits it; returns the rows changed. */
    private long rewrapBatch(Connection connection, Store store, List<Row> rows) throws SQLException {
        long changed = 0;
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + store.table
                + " SET kek_version = ?, wrapped_key = ? WHERE " + store.key + " = ? AND kek_version = ?")) {
            for (Row row : rows) {
                byte[] binding = store.binding(row);
                byte[] raw = keyService.unwrap(row.kekVersion(), row.wrapped(), binding);
                KeyService.WrappedKey fresh = keyService.wrap(raw, binding);
                Arrays.fill(raw, (byte) 0);
                update.setInt(1, fresh.kekVersion());
                update.setBytes(2, fresh.bytes());
                update.setLong(3, row.id());
                update.setInt(4, row.kekVersion());
                update.addBatch();
            }
            for (int count : update.executeBatch()) {
                changed += Math.max(count, 0);
            }
            connection.commit();
            return changed;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    private static OptionalInt oldestBelow(Connection connection, Store store, int version) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT min(kek_version) FROM " + store.table
                + " WHERE kek_version < ? AND wrapped_key IS NOT NULL")) {
            select.setInt(1, version);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                int oldest = result.getInt(1);
                return result.wasNull() ? OptionalInt.empty() : OptionalInt.of(oldest);
            }
        }
    }

    private static List<Row> lockBatch(Connection connection, Store store, int oldVersion, long after)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + store.key + ", " + store.extra
                + ", kek_version, wrapped_key FROM " + store.table + " WHERE kek_version = ? AND " + store.key
                + " > ? AND wrapped_key IS NOT NULL ORDER BY " + store.key + " LIMIT ? FOR UPDATE")) {
            select.setInt(1, oldVersion);
            select.setLong(2, after);
            select.setInt(3, BATCH);
            List<Row> rows = new ArrayList<>(BATCH);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getLong(1), result.getString(2), result.getInt(3), result.getBytes(4)));
                }
            }
            return rows;
        }
    }

    /** Keys of both tables wrapped under {@code version}. */
    private static long countUnder(Connection connection, int version) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("""
                SELECT (SELECT count(*) FROM vault_keys.vault_data_keys WHERE kek_version = ? AND wrapped_key IS NOT NULL)
                     + (SELECT count(*) FROM vault_keys.vault_object_keys WHERE kek_version = ? AND wrapped_key IS NOT NULL)
                """)) {
            count.setInt(1, version);
            count.setInt(2, version);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}

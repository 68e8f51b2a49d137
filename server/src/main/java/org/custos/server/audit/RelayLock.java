package org.custos.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One relay per database: a session-level PostgreSQL advisory lock held on a dedicated connection for as long as the
 * relay runs. Two servers on one database each with its own log would otherwise both append the same outbox, each
 * to its own log, and overwrite each other's progress. The lock dies with the session, so a crashed server never
 * leaves it behind.
 */
final class RelayLock implements AutoCloseable {
    /** ASCII "custrlay". */
    static final long KEY = 0x63757374726c6179L;

    private final Connection connection;

    private RelayLock(Connection connection) {
        this.connection = connection;
    }

    /** @throws IllegalStateException if another server holds it */
    static RelayLock acquire(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            connection.setAutoCommit(true);
            lock.setLong(1, KEY);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                if (!row.getBoolean(1)) {
                    throw new IllegalStateException("another server already relays this database's audit outbox into"
                            + " its transparency log; run one log (and one relay) per database");
                }
            }
            return new RelayLock(connection);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try (connection) {
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, KEY);
                unlock.execute();
            }
        } catch (SQLException e) {
            // closing the session releases the lock anyway
        }
    }
}

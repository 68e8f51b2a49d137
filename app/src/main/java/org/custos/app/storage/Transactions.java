package org.custos.app.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in one PostgreSQL transaction on a pooled connection: committed when the work returns, rolled back when
 * it throws, and the connection handed back to the pool in auto-commit mode either way.
 */
public final class Transactions {

    /** Work that yields a value. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Work done for its effect. */
    @FunctionalInterface
    public interface Steps {
        void run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    public static <T> T call(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    public static void run(DataSource dataSource, Steps steps) throws SQLException {
        call(dataSource, connection -> {
            steps.run(connection);
            return null;
        });
    }
}

package org.custos.app.accounts;

import java.sql.SQLException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** What the accounts feature needs to know about PostgreSQL errors. */
final class Database {
    private static final String UNIQUE_VIOLATION = "23505";

    private Database() {
    }

    /** The name of the unique constraint that {@code e} violated, if that is what it is. */
    static Optional<String> violatedUniqueConstraint(SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return Optional.empty();
        }
        if (e instanceof PSQLException psql) {
            ServerErrorMessage message = psql.getServerErrorMessage();
            if (message != null && message.getConstraint() != null) {
                return Optional.of(message.getConstraint());
            }
        }
        return Optional.of("");
    }

    /** An unexpected database failure; the message names the operation, never the values. */
    static IllegalStateException failure(String operation, SQLException e) {
        return new IllegalStateException(operation + " failed (SQLState " + e.getSQLState() + ")", e);
    }
}

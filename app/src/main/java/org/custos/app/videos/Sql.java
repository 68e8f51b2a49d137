package org.custos.app.videos;

import java.sql.SQLException;

/** Unexpected database failures of the videos feature; the message names the operation, never the values. */
final class Sql {
    private Sql() {
    }

    static IllegalStateException failure(String operation, SQLException e) {
        return new IllegalStateException(operation + " failed (SQLState " + e.getSQLState() + ")", e);
    }
}

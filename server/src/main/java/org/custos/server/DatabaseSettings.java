package org.custos.server;

import java.util.Objects;

/** Where the boundary's data lives: the embedded PostgreSQL under the data directory, or an external one. */
public sealed interface DatabaseSettings {

    int DEFAULT_POOL_SIZE = 16;

    /** Connections kept by the HikariCP pool. */
    int poolSize();

    /**
     * PostgreSQL 18 run from the Maven Central binaries with its data under {@code <dataDir>/pg}, kept
     * between runs; fsync and synchronous commit stay on so that an acknowledged write survives a crash.
     */
    record Embedded(int poolSize) implements DatabaseSettings {
        public Embedded {
            checkPoolSize(poolSize);
        }
    }

    /** An external PostgreSQL (or compatible) reached by JDBC URL; the same migrations run there. */
    record External(String jdbcUrl, String user, SecretSource password, int poolSize) implements DatabaseSettings {
        public External {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new ConfigException("db.url", "must be a jdbc:postgresql: URL");
            }
            checkPoolSize(poolSize);
        }

        @Override
        public String toString() {
            // The URL may carry a password as a parameter; show only the part before the query.
            int query = jdbcUrl.indexOf('?');
            String shown = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?***";
            return "External[jdbcUrl=" + shown + ", user=" + user + ", password=" + password
                    + ", poolSize=" + poolSize + "]";
        }
    }

    private static void checkPoolSize(int poolSize) {
        if (poolSize < 1 || poolSize > 500) {
            throw new ConfigException("db.pool.size", "must be between 1 and 500, got " + poolSize);
        }
    }
}

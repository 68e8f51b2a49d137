package org.custos.app.accounts;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.custos.vault.SubjectId;

/**
 * {@code app_sessions}: one row per bearer token, keyed by the token's SHA-256, for a user or an operator. A token
 * is valid while its row exists and {@code expires_at} is after the injected clock's now.
 */
final class SessionStore {
    /** Expired rows are swept after every this many new sessions, so the table does not grow without end. */
    private static final int SWEEP_EVERY = 256;

    private final DataSource dataSource;
    private final SecureRandom random;
    private final AtomicLong issued = new AtomicLong();

    SessionStore(DataSource dataSource, SecureRandom random) {
        this.dataSource = dataSource;
        this.random = random;
    }

    /** A new session for a user or an operator; the token is returned once and only its hash is kept. */
    Issued issue(Owner owner, Instant now, Duration lifetime) {
        BearerToken token = BearerToken.random(random);
        Instant expiresAt = now.plus(lifetime);
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO app_sessions (token_hash, user_id, operator_id, created_at, expires_at)
                     VALUES (?, ?, ?, ?, ?)""")) {
            insert.setBytes(1, token.hash());
            insert.setObject(2, owner instanceof Owner.User u ? u.id() : null, java.sql.Types.BIGINT);
            insert.setObject(3, owner instanceof Owner.Operator o ? o.id() : null, java.sql.Types.BIGINT);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(expiresAt));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw Database.failure("starting a session", e);
        }
        if (issued.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        return new Issued(token, expiresAt);
    }

    /** Whose session it is. */
    sealed interface Owner {
        record User(long id) implements Owner {
        }

        record Operator(long id) implements Owner {
        }
    }

    record Issued(BearerToken token, Instant expiresAt) {
    }

    /** The principal of a live session, or empty for an unknown, revoked or expired token. */
    Optional<Authenticated> find(BearerToken token, Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT s.user_id, s.operator_id, s.expires_at, o.name, o.roles
                     FROM app_sessions s LEFT JOIN app_operators o ON o.id = s.operator_id
                     WHERE s.token_hash = ? AND s.expires_at > ?""")) {
            q.setBytes(1, token.hash());
            q.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Instant expiresAt = rs.getTimestamp(3).toInstant();
                long userId = rs.getLong(1);
                if (!rs.wasNull()) {
                    return Optional.of(new AuthenticatedUser(new SubjectId(userId), expiresAt));
                }
                return Optional.of(new AuthenticatedOperator(rs.getLong(2), rs.getString(4), roles(rs.getArray(5)),
                        expiresAt));
            }
        } catch (SQLException e) {
            throw Database.failure("looking up a session", e);
        }
    }

    private static Set<Role> roles(Array array) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object name : (Object[]) array.getArray()) {
            roles.add(Role.valueOf((String) name));
        }
        return roles;
    }

    /** Ends the session of {@code token}; true if there was one. */
    boolean revoke(BearerToken token) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement d = c.prepareStatement("DELETE FROM app_sessions WHERE token_hash = ?")) {
            d.setBytes(1, token.hash());
            return d.executeUpdate() > 0;
        } catch (SQLException e) {
            throw Database.failure("ending a session", e);
        }
    }

    /** Deletes sessions that expired before {@code now}; returns how many. */
    int sweep(Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement d = c.prepareStatement("DELETE FROM app_sessions WHERE expires_at <= ?")) {
            d.setTimestamp(1, Timestamp.from(now));
            return d.executeUpdate();
        } catch (SQLException e) {
            throw Database.failure("sweeping expired sessions", e);
        }
    }
}

package org.custos.app.accounts;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.custos.app.storage.Transactions;

/**
 * Operator principals: staff of the custodian, the owner and the regulator, with {@link Role roles}. Operators are
 * created from the command line, never over the API; each gets a generated password that is returned once in
 * {@link OperatorCredentials} and stored only as an Argon2id hash. Thread-safe.
 */
public final class Operators {
    /** The name of the operator {@link #bootstrapFirstCustodian()} creates. */
    public static final String FIRST_CUSTODIAN = "custodian-admin";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{2,63}");
    // Any fixed number works: it only has to be the same in every process that bootstraps this database.
    private static final long BOOTSTRAP_LOCK = 0x637573746f646f73L;

    private final DataSource dataSource;
    private final PasswordHasher hasher;
    private final SecureRandom random;
    private final Clock clock;

    Operators(DataSource dataSource, PasswordHasher hasher, SecureRandom random, Clock clock) {
        this.dataSource = dataSource;
        this.hasher = hasher;
        this.random = random;
        this.clock = clock;
    }

    /**
     * Creates the first custodian operator ({@value #FIRST_CUSTODIAN}, role {@link Role#CUSTODIAN_ADMIN}) if no
     * operator exists yet, and returns its one-time credentials to show to whoever started the boundary; empty when
     * operators already exist. Safe to call from several processes at once: exactly one creates it.
     */
    public Optional<OperatorCredentials> bootstrapFirstCustodian() {
        Set<Role> roles = EnumSet.of(Role.CUSTODIAN_ADMIN);
        String password = newPassword();
        String hash = hasher.hash(password);
        try {
            return Transactions.call(dataSource, c -> {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, BOOTSTRAP_LOCK);
                    lock.execute();
                }
                try (PreparedStatement q = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM app_operators)");
                     ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return Optional.<OperatorCredentials>empty();
                    }
                }
                insert(c, FIRST_CUSTODIAN, roles, hash);
                return Optional.of(new OperatorCredentials(FIRST_CUSTODIAN, roles, password));
            });
        } catch (SQLException e) {
            throw Database.failure("creating the first custodian operator", e);
        }
    }

    /**
     * Creates an operator and returns its one-time credentials.
     *
     * @param name  3 to 64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter
     * @param roles at least one role
     * @throws IllegalArgumentException    if the name or roles break those rules
     * @throws DuplicateOperatorException  if an operator of that name exists
     */
    public OperatorCredentials create(String name, Set<Role> roles) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("operator name must match " + NAME.pattern());
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("an operator needs at least one role");
        }
        String password = newPassword();
        String hash = hasher.hash(password);
        try (Connection c = dataSource.getConnection()) {
            insert(c, name, roles, hash);
        } catch (SQLException e) {
            if (Database.violatedUniqueConstraint(e).isPresent()) {
                throw new DuplicateOperatorException(name, e);
            }
            throw Database.failure("creating an operator", e);
        }
        return new OperatorCredentials(name, roles, password);
    }

    private void insert(Connection c, String name, Set<Role> roles, String hash) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO app_operators (name, roles, password_hash, created_at) VALUES (?, ?, ?, ?)""")) {
            insert.setString(1, name);
            insert.setArray(2, c.createArrayOf("text", roles.stream().map(Role::name).sorted().toArray()));
            insert.setString(3, hash);
            insert.setTimestamp(4, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
    }

    /** What operator log-in needs; package-private, the API never exposes password hashes. */
    record Login(long id, String passwordHash) {
        @Override
        public String toString() {
            return "Operators.Login[id=" + id + "]";
        }
    }

    Optional<Login> loginById(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id, password_hash FROM app_operators WHERE id = ?")) {
            q.setLong(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Login(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Database.failure("looking up an operator", e);
        }
    }

    /** Replaces the operator's password hash and ends their other sessions, in one transaction. */
    void changePassword(long id, String newHash, byte[] keepTokenHash) {
        try {
            Transactions.run(dataSource, c -> {
                try (PreparedStatement u = c.prepareStatement(
                             "UPDATE app_operators SET password_hash = ? WHERE id = ?");
                     PreparedStatement d = c.prepareStatement(
                             "DELETE FROM app_sessions WHERE operator_id = ? AND token_hash <> ?")) {
                    u.setString(1, newHash);
                    u.setLong(2, id);
                    u.executeUpdate();
                    d.setLong(1, id);
                    d.setBytes(2, keepTokenHash);
                    d.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw Database.failure("changing an operator's password", e);
        }
    }

    Optional<Login> login(String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT id, password_hash FROM app_operators WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Login(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Database.failure("looking up an operator for log-in", e);
        }
    }

    // 24 random bytes: 192 bits, 32 base64url characters, easy to paste.
    private String newPassword() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

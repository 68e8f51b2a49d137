package org.custos.app.accounts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import javax.sql.DataSource;
import org.custos.app.http.ProblemException;
import org.custos.app.storage.Transactions;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;

/**
 * {@code app_users}: PUBLIC fields in clear, PROTECTED fields sealed by the vault under the user's own data key.
 *
 * <p>The vault is always called with no connection of ours open, since it takes its own connections from the same
 * pool; holding one while waiting for another could exhaust a small pool.
 */
final class AccountStore {
    static final Column EMAIL = new Column("app_users", "email");
    static final Column BIRTH_DATE = new Column("app_users", "birth_date");
    static final Column REGION = new Column("app_users", "region");

    private final DataSource dataSource;
    private final Vault vault;

    AccountStore(DataSource dataSource, Vault vault) {
        this.dataSource = dataSource;
        this.vault = vault;
    }

    byte[] emailIndex(String normalisedEmail) {
        return vault.blindIndex(EMAIL, normalisedEmail);
    }

    /**
     * Creates the account and returns its id. Throws a 409 problem if the handle or email is taken; a taken value
     * is detected before any key is created, and a race lost at insert time shreds the key it made.
     */
    long create(Account.New account, Instant now) {
        byte[] emailIndex = emailIndex(account.email());
        rejectTaken(account.handle(), emailIndex);
        SubjectId subject = new SubjectId(nextId());
        byte[] email = vault.sealString(subject, EMAIL, account.email());
        byte[] birthDate = vault.sealString(subject, BIRTH_DATE, account.birthDate().toString());
        byte[] region = vault.sealString(subject, REGION, account.region());
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO app_users (id, handle, display_name, email, email_index, birth_date, region,
                                            password_hash, created_at, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, subject.value());
            insert.setString(2, account.handle());
            insert.setString(3, account.displayName());
            insert.setBytes(4, email);
            insert.setBytes(5, emailIndex);
            insert.setBytes(6, birthDate);
            insert.setBytes(7, region);
            insert.setString(8, account.passwordHash());
            insert.setTimestamp(9, Timestamp.from(now));
            insert.setTimestamp(10, Timestamp.from(now));
            insert.executeUpdate();
            return subject.value();
        } catch (SQLException e) {
            Optional<String> constraint = Database.violatedUniqueConstraint(e);
            if (constraint.isPresent()) {
                vault.shred(subject);
                throw duplicate(constraint.get());
            }
            throw Database.failure("creating an account", e);
        }
    }

    private void rejectTaken(String handle, byte[] emailIndex) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT EXISTS (SELECT 1 FROM app_users WHERE handle = ?),
                            EXISTS (SELECT 1 FROM app_users WHERE email_index = ?)""")) {
            q.setString(1, handle);
            q.setBytes(2, emailIndex);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw duplicate("app_users_handle_key");
                }
                if (rs.getBoolean(2)) {
                    throw duplicate("app_users_email_index_key");
                }
            }
        } catch (SQLException e) {
            throw Database.failure("checking for a taken handle or email", e);
        }
    }

    static ProblemException duplicate(String constraint) {
        return constraint.equals("app_users_handle_key")
                ? ProblemException.duplicate("handle", "This handle is already taken.")
                : ProblemException.duplicate("email", "An account with this email already exists.");
    }

    private long nextId() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT nextval(pg_get_serial_sequence('app_users', 'id'))");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw Database.failure("allocating an account id", e);
        }
    }

    Optional<Account.Login> loginByHandle(String handle) {
        return login("SELECT id, password_hash FROM app_users WHERE handle = ?", handle);
    }

    Optional<Account.Login> loginByEmail(String normalisedEmail) {
        return login("SELECT id, password_hash FROM app_users WHERE email_index = ?", emailIndex(normalisedEmail));
    }

    Optional<Account.Login> loginById(long id) {
        return login("SELECT id, password_hash FROM app_users WHERE id = ?", id);
    }

    private Optional<Account.Login> login(String sql, Object key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, key);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Account.Login(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Database.failure("looking up an account for log-in", e);
        }
    }

    /** The account of {@code subject}, its protected fields opened in {@code context}. */
    Optional<Account.Profile> profile(AccessContext context, SubjectId subject) {
        record Row(String handle, String displayName, byte[] email, byte[] birthDate, byte[] region,
                   Instant createdAt, Instant updatedAt) {
        }
        Row row;
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("""
                     SELECT handle, display_name, email, birth_date, region, created_at, updated_at
                     FROM app_users WHERE id = ?""")) {
            q.setLong(1, subject.value());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                row = new Row(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4), rs.getBytes(5),
                        rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
            }
        } catch (SQLException e) {
            throw Database.failure("reading an account", e);
        }
        return Optional.of(new Account.Profile(subject.value(), row.handle(), row.displayName(),
                vault.openString(context, subject, EMAIL, row.email()),
                LocalDate.parse(vault.openString(context, subject, BIRTH_DATE, row.birthDate())),
                vault.openString(context, subject, REGION, row.region()), row.createdAt(), row.updatedAt()));
    }

    /**
     * The public fields of {@code subject}'s account and those of {@code columns} that are its PROTECTED fields,
     * opened in {@code context} (so a read by anyone but the subject is audited, value by value).
     */
    Optional<java.util.Map<String, Object>> fields(AccessContext context, SubjectId subject,
                                                   java.util.Set<Column> columns) {
        String handle;
        String displayName;
        java.util.Map<Column, byte[]> sealed = new java.util.LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT handle, display_name, email, birth_date, region FROM app_users WHERE id = ?")) {
            q.setLong(1, subject.value());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                handle = rs.getString(1);
                displayName = rs.getString(2);
                sealed.put(EMAIL, rs.getBytes(3));
                sealed.put(BIRTH_DATE, rs.getBytes(4));
                sealed.put(REGION, rs.getBytes(5));
            }
        } catch (SQLException e) {
            throw Database.failure("reading an account", e);
        }
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("id", subject.value());
        out.put("handle", handle);
        out.put("displayName", displayName);
        // Opened only after the connection is back in the pool: the vault takes its own (see the class comment).
        if (columns.contains(EMAIL)) {
            out.put("email", vault.openString(context, subject, EMAIL, sealed.get(EMAIL)));
        }
        if (columns.contains(BIRTH_DATE)) {
            out.put("birthDate", vault.openString(context, subject, BIRTH_DATE, sealed.get(BIRTH_DATE)));
        }
        if (columns.contains(REGION)) {
            out.put("region", vault.openString(context, subject, REGION, sealed.get(REGION)));
        }
        return Optional.of(out);
    }

    Optional<Account.Public> publicProfile(String handle) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT handle, display_name FROM app_users WHERE handle = ?")) {
            q.setString(1, handle);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Account.Public(rs.getString(1), rs.getString(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw Database.failure("reading a public profile", e);
        }
    }

    /** Applies {@code change} to the subject's account in one statement; a taken email is a 409. */
    void update(SubjectId subject, Account.Change change, Instant now) {
        byte[] email = change.email().map(v -> vault.sealString(subject, EMAIL, v)).orElse(null);
        byte[] emailIndex = change.email().map(this::emailIndex).orElse(null);
        byte[] birthDate = change.birthDate().map(v -> vault.sealString(subject, BIRTH_DATE, v.toString()))
                .orElse(null);
        byte[] region = change.region().map(v -> vault.sealString(subject, REGION, v)).orElse(null);
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement("""
                     UPDATE app_users SET display_name = COALESCE(?, display_name),
                                          email = COALESCE(?, email),
                                          email_index = COALESCE(?, email_index),
                                          birth_date = COALESCE(?, birth_date),
                                          region = COALESCE(?, region),
                                          updated_at = ?
                     WHERE id = ?""")) {
            u.setString(1, change.displayName().orElse(null));
            u.setBytes(2, email);
            u.setBytes(3, emailIndex);
            u.setBytes(4, birthDate);
            u.setBytes(5, region);
            u.setTimestamp(6, Timestamp.from(now));
            u.setLong(7, subject.value());
            u.executeUpdate();
        } catch (SQLException e) {
            if (Database.violatedUniqueConstraint(e).isPresent()) {
                throw duplicate("app_users_email_index_key");
            }
            throw Database.failure("updating an account", e);
        }
    }

    /**
     * Replaces the password hash and ends every other session of the user, in one transaction: after a password
     * change, a stolen token is worthless.
     */
    void changePassword(SubjectId subject, String newHash, byte[] keepTokenHash, Instant now) {
        try {
            Transactions.run(dataSource, c -> {
                try (PreparedStatement u = c.prepareStatement(
                             "UPDATE app_users SET password_hash = ?, updated_at = ? WHERE id = ?");
                     PreparedStatement d = c.prepareStatement(
                             "DELETE FROM app_sessions WHERE user_id = ? AND token_hash <> ?")) {
                    u.setString(1, newHash);
                    u.setTimestamp(2, Timestamp.from(now));
                    u.setLong(3, subject.value());
                    u.executeUpdate();
                    d.setLong(1, subject.value());
                    d.setBytes(2, keepTokenHash);
                    d.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw Database.failure("changing a password", e);
        }
    }
}

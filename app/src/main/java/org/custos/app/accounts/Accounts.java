package org.custos.app.accounts;

import io.helidon.webserver.http.HttpRules;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.time.Clock;
import javax.sql.DataSource;
import org.custos.vault.Vault;

/**
 * The accounts feature, wired: users, sessions, operators and the {@link Authenticator} the other features share.
 * Requires the {@code vault} and {@code app} migrations to have been applied to {@code dataSource}. Close it to stop
 * the password-hashing threads.
 */
public final class Accounts implements AutoCloseable {
    /** How many distinct keys each log-in throttle remembers at most. */
    private static final int THROTTLE_KEYS = 100_000;

    private final PasswordHasher hasher;
    private final AccountStore store;
    private final DataSource dataSource;
    private final Vault vault;
    private final Authenticator authenticator;
    private final Operators operators;
    private final AccountRoutes accountRoutes;
    private final SessionRoutes sessionRoutes;

    private Accounts(DataSource dataSource, Vault vault, Clock clock, SecureRandom random, AccountSettings settings) {
        this.hasher = new PasswordHasher(settings.passwordCost(), settings.hashingThreads(), settings.hashingQueue(),
                random);
        SessionStore sessions = new SessionStore(dataSource, random);
        AccountStore accounts = new AccountStore(dataSource, vault);
        this.store = accounts;
        this.dataSource = dataSource;
        this.vault = vault;
        LoginThrottle perAccount = new LoginThrottle(settings.loginPerAccount(), clock, THROTTLE_KEYS);
        LoginThrottle perAddress = new LoginThrottle(settings.loginPerAddress(), clock, THROTTLE_KEYS);
        this.authenticator = new Authenticator(sessions, clock);
        this.operators = new Operators(dataSource, hasher, random, clock);
        this.accountRoutes = new AccountRoutes(accounts, hasher, authenticator, perAccount, settings, clock);
        this.sessionRoutes = new SessionRoutes(accounts, operators, sessions, authenticator, hasher, perAccount,
                perAddress, settings, clock);
    }

    public static Accounts create(DataSource dataSource, Vault vault, Clock clock, SecureRandom random,
                                  AccountSettings settings) {
        return new Accounts(dataSource, vault, clock, random, settings);
    }

    /** Adds the account, profile and session routes (see docs/api.md). */
    public void register(HttpRules rules) {
        accountRoutes.register(rules);
        sessionRoutes.register(rules);
    }

    /** The user's whole account, protected fields opened under their own context, for their data export. */
    public Map<String, Object> export(AuthenticatedUser user) {
        Account.Profile p = store.profile(user.self(), user.subject()).orElseThrow(Authenticator::unauthenticated);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", p.id());
        out.put("handle", p.handle());
        out.put("displayName", p.displayName());
        out.put("email", p.email());
        out.put("birthDate", p.birthDate().toString());
        out.put("region", p.region());
        out.put("createdAt", p.createdAt().toString());
        out.put("updatedAt", p.updatedAt().toString());
        return out;
    }

    /**
     * The account's public fields and those of {@code columns} among its PROTECTED ones, opened in {@code context}:
     * every open by anyone but the subject is an audited vault read. Empty when there is no such account.
     */
    public java.util.Optional<Map<String, Object>> read(org.custos.vault.AccessContext context,
                                                        org.custos.vault.SubjectId subject,
                                                        java.util.Set<org.custos.vault.Column> columns) {
        return store.fields(context, subject, columns);
    }

    /** The id of the account with this handle (matched case-insensitively), if there is one. */
    public java.util.Optional<org.custos.vault.SubjectId> byHandle(String handle) {
        return store.loginByHandle(handle.toLowerCase(java.util.Locale.ROOT))
                .map(login -> new org.custos.vault.SubjectId(login.id()));
    }

    /** Whether {@code password} is the user's current one (on the hashing pool; 503 when it is saturated). */
    public boolean passwordMatches(AuthenticatedUser user, String password) {
        return store.loginById(user.subject().value())
                .map(login -> hasher.verify(password, login.passwordHash()))
                .orElse(false);
    }

    /**
     * Erases the account: the data key is destroyed first (so every sealed value, backups included, is unreadable
     * even if what follows fails), then the row goes, and with it the sessions and anything still referencing it.
     */
    public void erase(AuthenticatedUser user) {
        vault.shred(user.subject());
        try (Connection c = dataSource.getConnection();
             PreparedStatement d = c.prepareStatement("DELETE FROM app_users WHERE id = ?")) {
            d.setLong(1, user.subject().value());
            d.executeUpdate();
        } catch (SQLException e) {
            throw Database.failure("deleting an account", e);
        }
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public Operators operators() {
        return operators;
    }

    @Override
    public void close() {
        hasher.close();
    }
}

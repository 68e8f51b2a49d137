package org.custos.app.accounts;

import io.helidon.webserver.http.HttpRules;
import java.security.SecureRandom;
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
    private final Authenticator authenticator;
    private final Operators operators;
    private final AccountRoutes accountRoutes;
    private final SessionRoutes sessionRoutes;

    private Accounts(DataSource dataSource, Vault vault, Clock clock, SecureRandom random, AccountSettings settings) {
        this.hasher = new PasswordHasher(settings.passwordCost(), settings.hashingThreads(), settings.hashingQueue(),
                random);
        SessionStore sessions = new SessionStore(dataSource, random);
        AccountStore accounts = new AccountStore(dataSource, vault);
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

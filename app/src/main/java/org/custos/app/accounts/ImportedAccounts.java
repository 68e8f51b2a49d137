package org.custos.app.accounts;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import javax.sql.DataSource;
import org.custos.vault.Vault;

/**
 * Accounts created by a bulk import rather than a sign-up: the same row and the same sealed PROTECTED fields as
 * {@code POST /v1/accounts}, but no password. The stored hash is a well-formed Argon2id PHC string whose tag is
 * random bytes that no password derives to, so a log-in fails exactly as a wrong password does (same cost, same
 * 401) until the account is given a real password. Drawing random bytes instead of hashing a throw-away secret
 * keeps a 27 000-user import from spending 27 000 Argon2id runs.
 */
public final class ImportedAccounts {
    /** Whether {@link #ensure} created the account or found it from an earlier run. */
    public record Imported(long id, boolean created) {
    }

    private final AccountStore store;
    private final SecureRandom random;
    private final PasswordCost cost;

    private ImportedAccounts(AccountStore store, SecureRandom random, PasswordCost cost) {
        this.store = store;
        this.random = random;
        this.cost = cost;
    }

    /** Requires the {@code vault} and {@code app} migrations on {@code dataSource}. */
    public static ImportedAccounts create(DataSource dataSource, Vault vault, SecureRandom random) {
        return new ImportedAccounts(new AccountStore(Objects.requireNonNull(dataSource, "dataSource"),
                Objects.requireNonNull(vault, "vault")), Objects.requireNonNull(random, "random"),
                PasswordCost.OWASP);
    }

    /**
     * The account with this handle: the existing one, or a new one with the given fields sealed under its own data
     * key. The handle is the stable external id that makes a re-run of an import a no-op.
     *
     * @throws IllegalArgumentException if the handle or email would not pass sign-up's rules
     */
    public Imported ensure(String handle, String displayName, String email, LocalDate birthDate, String region,
                           Instant at) {
        if (!AccountFields.looksLikeHandle(handle) || !handle.equals(handle.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("an imported handle must be 3 to 30 lower-case letters, digits or "
                    + "underscores");
        }
        String normalised = AccountFields.normaliseEmail(email)
                .orElseThrow(() -> new IllegalArgumentException("an imported email must be an email address"));
        var existing = store.loginByHandle(handle);
        if (existing.isPresent()) {
            return new Imported(existing.get().id(), false);
        }
        long id = store.create(new Account.New(handle, displayName, normalised, birthDate, region, lockedHash()), at);
        return new Imported(id, true);
    }

    private String lockedHash() {
        byte[] salt = new byte[16];
        byte[] tag = new byte[32];
        random.nextBytes(salt);
        random.nextBytes(tag);
        return new PhcString(cost.memoryKiB(), cost.iterations(), cost.parallelism(), salt, tag).encode();
    }
}

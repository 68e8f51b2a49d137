package org.custos.app.accounts;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the accounts feature, validated once at start-up.
 *
 * @param userTokenLifetime     how long a user's bearer token is valid after log-in
 * @param operatorTokenLifetime how long an operator's bearer token is valid (shorter: operators hold more power)
 * @param loginPerAccount       log-in attempts allowed per account (or per unknown login name)
 * @param loginPerAddress       log-in attempts allowed per client address
 * @param maxBodyBytes          largest JSON request body accepted
 * @param passwordCost          Argon2id cost of new password hashes
 * @param hashingThreads        platform threads that run Argon2id (bounded so hashing cannot take every core)
 * @param hashingQueue          hashing jobs allowed to wait; past this the API answers 503 with Retry-After
 * @param minimumAge            youngest age, in years, allowed to sign up
 */
public record AccountSettings(Duration userTokenLifetime, Duration operatorTokenLifetime, RateLimit loginPerAccount,
                              RateLimit loginPerAddress, int maxBodyBytes, PasswordCost passwordCost,
                              int hashingThreads, int hashingQueue, int minimumAge) {
    public AccountSettings {
        positive(userTokenLifetime, "userTokenLifetime");
        positive(operatorTokenLifetime, "operatorTokenLifetime");
        Objects.requireNonNull(loginPerAccount, "loginPerAccount");
        Objects.requireNonNull(loginPerAddress, "loginPerAddress");
        Objects.requireNonNull(passwordCost, "passwordCost");
        if (maxBodyBytes < 1024 || maxBodyBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be 1 KiB..16 MiB, got " + maxBodyBytes);
        }
        if (hashingThreads < 1 || hashingThreads > 256) {
            throw new IllegalArgumentException("hashingThreads must be 1..256, got " + hashingThreads);
        }
        if (hashingQueue < 0 || hashingQueue > 100_000) {
            throw new IllegalArgumentException("hashingQueue must be 0..100000, got " + hashingQueue);
        }
        if (minimumAge < 0 || minimumAge > 120) {
            throw new IllegalArgumentException("minimumAge must be 0..120, got " + minimumAge);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}

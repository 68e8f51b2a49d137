package org.custos.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.custos.app.accounts.AccountSettings;
import org.custos.app.accounts.PasswordCost;
import org.custos.app.accounts.RateLimit;
import org.custos.app.videos.VideoSettings;

/**
 * Settings of the app, read once at start-up. {@link #defaults()} suits one node; each {@code with...} returns a
 * copy with one value changed. Invalid values fail here, at start-up, not at the first request.
 *
 * @param userTokenLifetime     validity of a user's bearer token (default 30 days)
 * @param operatorTokenLifetime validity of an operator's bearer token (default 8 hours)
 * @param loginPerAccount       log-in attempts per account (default 5 at once, then 1 a minute)
 * @param loginPerAddress       log-in attempts per client address (default 30 at once, then 1 each 2 seconds)
 * @param maxBodyBytes          largest JSON request body (default 64 KiB)
 * @param passwordCost          Argon2id cost of new hashes (default OWASP: 19 MiB, t=2, p=1)
 * @param hashingThreads        threads that run Argon2id (default: the number of cores)
 * @param hashingQueue          hashing jobs that may wait before the API answers 503 (default 64 per thread)
 * @param minimumAge            youngest age allowed to sign up, in years (default 13)
 * @param blobDirectory         where encrypted media is stored (default {@code var/blobs}, relative to the working
 *                              directory; the server passes a directory under its data directory)
 * @param maxMediaBytes         largest media file an upload may carry (default 64 MiB)
 */
public record AppSettings(Duration userTokenLifetime, Duration operatorTokenLifetime, RateLimit loginPerAccount,
                          RateLimit loginPerAddress, int maxBodyBytes, PasswordCost passwordCost, int hashingThreads,
                          int hashingQueue, int minimumAge, Path blobDirectory, long maxMediaBytes) {

    public AppSettings {
        // Validation lives in AccountSettings; building one here makes a bad value fail at construction.
        new AccountSettings(userTokenLifetime, operatorTokenLifetime, loginPerAccount, loginPerAddress, maxBodyBytes,
                passwordCost, hashingThreads, hashingQueue, minimumAge);
        new VideoSettings(blobDirectory, maxMediaBytes, maxBodyBytes);
    }

    public static AppSettings defaults() {
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        return new AppSettings(Duration.ofDays(30), Duration.ofHours(8),
                new RateLimit(5, Duration.ofMinutes(1)), new RateLimit(30, Duration.ofSeconds(2)),
                64 * 1024, PasswordCost.OWASP, cores, 64 * cores, 13,
                Path.of("var", "blobs"), 64L * 1024 * 1024);
    }

    public AppSettings withUserTokenLifetime(Duration value) {
        return new AppSettings(value, operatorTokenLifetime, loginPerAccount, loginPerAddress, maxBodyBytes,
                passwordCost, hashingThreads, hashingQueue, minimumAge, blobDirectory, maxMediaBytes);
    }

    public AppSettings withOperatorTokenLifetime(Duration value) {
        return new AppSettings(userTokenLifetime, value, loginPerAccount, loginPerAddress, maxBodyBytes,
                passwordCost, hashingThreads, hashingQueue, minimumAge, blobDirectory, maxMediaBytes);
    }

    public AppSettings withLoginLimits(RateLimit perAccount, RateLimit perAddress) {
        return new AppSettings(userTokenLifetime, operatorTokenLifetime, perAccount, perAddress, maxBodyBytes,
                passwordCost, hashingThreads, hashingQueue, minimumAge, blobDirectory, maxMediaBytes);
    }

    public AppSettings withMaxBodyBytes(int value) {
        return new AppSettings(userTokenLifetime, operatorTokenLifetime, loginPerAccount, loginPerAddress, value,
                passwordCost, hashingThreads, hashingQueue, minimumAge, blobDirectory, maxMediaBytes);
    }

    public AppSettings withPasswordHashing(PasswordCost cost, int threads, int queue) {
        return new AppSettings(userTokenLifetime, operatorTokenLifetime, loginPerAccount, loginPerAddress,
                maxBodyBytes, Objects.requireNonNull(cost), threads, queue, minimumAge, blobDirectory, maxMediaBytes);
    }

    /** A copy storing media in {@code directory} and accepting media files up to {@code maxBytes}. */
    public AppSettings withMedia(Path directory, long maxBytes) {
        return new AppSettings(userTokenLifetime, operatorTokenLifetime, loginPerAccount, loginPerAddress,
                maxBodyBytes, passwordCost, hashingThreads, hashingQueue, minimumAge, directory, maxBytes);
    }


    VideoSettings videos() {
        return new VideoSettings(blobDirectory, maxMediaBytes, maxBodyBytes);
    }

    AccountSettings accounts() {
        return new AccountSettings(userTokenLifetime, operatorTokenLifetime, loginPerAccount, loginPerAddress,
                maxBodyBytes, passwordCost, hashingThreads, hashingQueue, minimumAge);
    }
}

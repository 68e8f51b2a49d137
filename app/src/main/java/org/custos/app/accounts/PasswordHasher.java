package org.custos.app.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;

/**
 * Argon2id password hashing (BouncyCastle) on a bounded pool of platform threads.
 *
 * <p>Why a pool: each hash takes tens of milliseconds of one core and {@code memoryKiB} of heap. Requests run on
 * virtual threads, and letting each of them hash directly would let a burst of log-ins take every carrier thread
 * and an unbounded amount of memory. The caller's virtual thread waits on the pool's future, which unmounts it;
 * when the queue is full the caller gets a 503 with Retry-After (explicit pushback) instead of piling up.
 *
 * <p>Passwords are NFC-normalised and UTF-8 encoded, so the same password typed on two keyboards verifies. Tags
 * are compared in constant time.
 */
final class PasswordHasher implements AutoCloseable {
    private static final int SALT_BYTES = 16;
    private static final int TAG_BYTES = 32;

    private final PasswordCost cost;
    private final SecureRandom random;
    private final ThreadPoolExecutor pool;
    private final String decoy;

    PasswordHasher(PasswordCost cost, int threads, int queue, SecureRandom random) {
        this.cost = cost;
        this.random = random;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                r -> Thread.ofPlatform().name("password-hasher-" + n.incrementAndGet()).daemon(true).unstarted(r),
                new ThreadPoolExecutor.AbortPolicy());
        byte[] decoyPassword = new byte[32];
        random.nextBytes(decoyPassword);
        this.decoy = hashNow(HexFormat.of().formatHex(decoyPassword));
    }

    /** A new PHC string for {@code password} with a fresh random salt. */
    String hash(String password) {
        return onPool(() -> hashNow(password));
    }

    /** True when {@code password} matches {@code phc}. Runs the full computation whatever the outcome. */
    boolean verify(String password, String phc) {
        return onPool(() -> verifyNow(password, PhcString.parse(phc)));
    }

    /**
     * Spends the same time as a verification against a real hash, for log-ins naming no account: the answer and
     * its timing then do not tell whether the account exists.
     */
    void verifyDecoy(String password) {
        verify(password, decoy);
    }

    private String hashNow(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] tag = derive(password, salt, cost.memoryKiB(), cost.iterations(), cost.parallelism(), TAG_BYTES);
        return new PhcString(cost.memoryKiB(), cost.iterations(), cost.parallelism(), salt, tag).encode();
    }

    static boolean verifyNow(String password, PhcString stored) {
        byte[] expected = stored.tag();
        byte[] actual = derive(password, stored.salt(), stored.memoryKiB(), stored.iterations(),
                stored.parallelism(), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    static byte[] derive(String password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] tag = new byte[length];
        byte[] secret = Normalizer.normalize(password, Normalizer.Form.NFC).getBytes(StandardCharsets.UTF_8);
        try {
            generator.generateBytes(secret, tag);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        return tag;
    }

    private <T> T onPool(Callable<T> job) {
        Future<T> future;
        try {
            future = pool.submit(job);
        } catch (RejectedExecutionException e) {
            throw ProblemException.pushback(ProblemType.OVERLOADED,
                    "Too many password checks are waiting; retry shortly.", Duration.ofSeconds(1));
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a password hash", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}

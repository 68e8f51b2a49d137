package org.custos.app;

import org.custos.testing.Reply;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.custos.app.accounts.PasswordCost;
import org.custos.app.accounts.RateLimit;

/**
 * Measures the accounts feature on real parts (embedded PostgreSQL, local vault, Helidon over loopback HTTP) with
 * production settings: one Argon2id hash at the OWASP cost, log-in throughput, and authenticated profile reads.
 * Not a unit test (no assertions); it prints one line per measurement. Run from the checkout's root:
 *
 * <pre>
 * ./custos mvn -B -q -pl app test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * ./custos java -cp app/target/test-classes:app/target/classes:$(cat app/target/cp.txt) \
 *     org.custos.app.AccountsBenchmark [seconds-per-phase] [clients]
 * </pre>
 */
public final class AccountsBenchmark {
    private AccountsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        System.out.printf("machine: %d cores, %s %s, JDK %s, load average at start: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), Runtime.version(), loadAverage());
        hashLatency(PasswordCost.OWASP, 20);

        AppSettings settings = AppSettings.defaults()
                .withLoginLimits(new RateLimit(1_000_000, Duration.ofMillis(1)),
                        new RateLimit(1_000_000, Duration.ofMillis(1)));
        try (AppHarness harness = new AppHarness(settings)) {
            int accounts = 200;
            for (int i = 0; i < accounts; i++) {
                harness.signUp("bench_" + i);
            }
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < accounts; i++) {
                tokens.add(harness.logIn("bench_" + i, AppHarness.PASSWORD));
            }
            run("POST /v1/sessions (log-in, Argon2id m=19MiB t=2 p=1)", seconds, clients, n -> harness.post(
                    "/v1/sessions", AppHarness.json(Map.of("login", "bench_" + (n % accounts), "password",
                            AppHarness.PASSWORD))), 201);
            run("GET /v1/me (token lookup + 3 field opens)", seconds, clients,
                    n -> harness.get("/v1/me", tokens.get(n % accounts)), 200);
        }
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    // Other work on the machine skews every number here; print it so that a result carries its context.
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void hashLatency(PasswordCost cost, int rounds) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < rounds + 3; i++) {
            long start = System.nanoTime();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(cost.memoryKiB())
                    .withIterations(cost.iterations()).withParallelism(cost.parallelism()).withSalt(salt).build());
            generator.generateBytes("correct horse battery".getBytes(), new byte[32]);
            if (i >= 3) {
                nanos.add(System.nanoTime() - start);
            }
        }
        Collections.sort(nanos);
        System.out.printf("argon2id m=%d KiB t=%d p=%d, one thread: median %.1f ms, max %.1f ms over %d hashes%n",
                cost.memoryKiB(), cost.iterations(), cost.parallelism(), nanos.get(nanos.size() / 2) / 1e6,
                nanos.getLast() / 1e6, rounds);
    }

    private interface Call {
        Reply call(int n);
    }

    private static void run(String name, int seconds, int clients, Call call, int expected) throws Exception {
        // Warm-up for a third of the phase, then measure.
        measure(call, Math.max(1, seconds / 3), clients, expected);
        List<Long> latencies = measure(call, seconds, clients, expected);
        Collections.sort(latencies);
        System.out.printf("%s: %d clients, %d s: %.1f req/s, p50 %.1f ms, p99 %.1f ms%n", name, clients, seconds,
                latencies.size() / (double) seconds, latencies.get(latencies.size() / 2) / 1e6,
                latencies.get((int) (latencies.size() * 0.99)) / 1e6);
    }

    private static List<Long> measure(Call call, int seconds, int clients, int expected) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<List<Long>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(pool.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int n = client; !stop.get(); n += clients) {
                        long start = System.nanoTime();
                        Reply reply = call.call(n);
                        if (reply.status() != expected) {
                            throw new IllegalStateException("unexpected answer " + reply.status());
                        }
                        mine.add(System.nanoTime() - start);
                    }
                    return mine;
                }));
            }
            Thread.sleep(Duration.ofSeconds(seconds));
            stop.set(true);
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        return all;
    }
}

package org.custos.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code custos bench startup}: time from launching {@code <launcher> up} to {@code /health/ready} answering 200,
 * first on an empty data directory (cold: initdb, migrations, key creation) and then on the same directory again
 * (warm), stopping the server with SIGTERM between runs. The launcher is the real one ({@code ./custos}), so the
 * time includes the JVM start and the launcher's own checks.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
        description = "Time `up` to ready: one cold start on an empty data dir, then warm starts.")
final class StartupBench implements Callable<Integer> {

    @Option(names = "--launcher", defaultValue = "./custos", description = "Command that takes `up` (default ${DEFAULT-VALUE}).")
    String launcher;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Must not exist yet (cold start).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "18080", description = "HTTP port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--warm-runs", defaultValue = "3", description = "Warm starts after the cold one (default ${DEFAULT-VALUE}).")
    int warmRuns;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @Override
    public Integer call() throws Exception {
        if (Files.exists(dataDir)) {
            throw new IllegalArgumentException("--data-dir " + dataDir + " exists; the cold start needs a new directory");
        }
        if (warmRuns < 0 || warmRuns > 100) {
            throw new IllegalArgumentException("--warm-runs must be 0..100, got " + warmRuns);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<Duration> warm = new ArrayList<>();
        Duration cold = once(out, "cold");
        for (int i = 0; i < warmRuns; i++) {
            warm.add(once(out, "warm"));
        }
        double warmMedian = warm.isEmpty() ? 0 : warm.stream().mapToLong(Duration::toMillis).sorted()
                .skip(warm.size() / 2).findFirst().orElse(0) / 1000.0;
        out.printf(Locale.ROOT, "{\"coldSeconds\":%.2f,\"warmSecondsMedian\":%.2f,\"warmRuns\":%d}%n",
                cold.toMillis() / 1000.0, warmMedian, warm.size());
        out.flush();
        return 0;
    }

    private Duration once(PrintWriter out, String kind) throws Exception {
        Path log = Files.createTempFile("custos-startup-", ".log");
        long start = System.nanoTime();
        Process server = new ProcessBuilder(launcher, "up", "--data-dir", dataDir.toString(), "--port",
                Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
            long deadline = start + TimeUnit.MINUTES.toNanos(5);
            while (!isReady(ready)) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server did not become ready; its output is in " + log);
                }
                Thread.sleep(20);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            out.printf(Locale.ROOT, "%-5s start to ready: %.2f s%n", kind, took.toMillis() / 1000.0);
            out.flush();
            Files.deleteIfExists(log);
            return took;
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private boolean isReady(URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}

package org.custos.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code custos bench app}: sets up its own users, follows and videos over HTTP, then measures watch-event
 * ingestion, both feeds at a fixed rate, ranged media reads and uploads (see {@link AppLoad}); prints a table
 * per phase and one JSON line. Exit code 1 when a phase had no successful request.
 */
@Command(name = "app", mixinStandardHelpOptions = true,
        description = "Drive watch events, feeds, ranged reads and uploads; report throughput and p50/p99.")
final class AppBench implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Server base URL (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS", description = "Seconds measured per phase, after a warm-up of a fifth of it (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rate", defaultValue = "100", paramLabel = "PER_SECOND", description = "Fixed request rate of each feed phase (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients of the closed-loop phases (default ${DEFAULT-VALUE}; uploads use 4).")
    int clients;

    @Option(names = "--users", defaultValue = "20", description = "Accounts to create, each following the next ten (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--videos", defaultValue = "50", description = "Public 1 MiB videos to upload before measuring (default ${DEFAULT-VALUE}).")
    int videos;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
    Path json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        check(seconds >= 1 && seconds <= 86_400, "--duration must be 1..86400 seconds, got " + seconds);
        check(rate >= 1 && rate <= 100_000, "--rate must be 1..100000 per second, got " + rate);
        check(clients >= 1 && clients <= 1000, "--clients must be 1..1000, got " + clients);
        check(users >= 2 && users <= 10_000, "--users must be 2..10000, got " + users);
        check(videos >= 1 && videos <= 10_000, "--videos must be 1..10000, got " + videos);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench app: %s, %d users, %d videos, %d clients, feeds at %.0f/s, %d s per phase%n",
                url, users, videos, clients, rate, seconds);
        out.flush();
        String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        AppLoad load = new AppLoad(url, new AppLoad.Settings(users, videos, clients, Duration.ofSeconds(seconds),
                rate, runId));
        long setUp = System.nanoTime();
        load.setUp();
        out.printf(Locale.ROOT, "set up in %.1f s%n", (System.nanoTime() - setUp) / 1e9);
        out.flush();
        List<AppLoad.Phase> phases = load.run();
        StringBuilder jsonText = new StringBuilder(String.format(Locale.ROOT,
                "{\"url\":\"%s\",\"users\":%d,\"videos\":%d,\"clients\":%d,\"feedRate\":%.1f,\"batch\":%d,\"phases\":[",
                url.toString().replace("\"", ""), users, videos, clients, rate, AppLoad.BATCH));
        boolean allSucceeded = true;
        for (AppLoad.Phase phase : phases) {
            out.printf(Locale.ROOT, "%n%s (%.1f s measured)%s%n", phase.name(), phase.measured().toMillis() / 1000.0,
                    phase.unit().isEmpty() ? "" : String.format(Locale.ROOT, ": %.1f %s", phase.value(), phase.unit()));
            out.print(phase.report().table(phase.measured()));
            jsonText.append(phase == phases.getFirst() ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"phase\":\"%s\",\"unit\":\"%s\",\"value\":%.1f,\"report\":%s}", phase.name(), phase.unit(),
                    phase.value(), phase.report().json(url.toString(), clients, phase.measured())));
            for (Operation op : phase.report().operations()) {
                allSucceeded &= phase.report().succeeded(op) > 0;
            }
        }
        jsonText.append("]}");
        out.println();
        out.println(jsonText);
        out.flush();
        if (json != null) {
            Files.writeString(json, jsonText + "\n");
        }
        return allSucceeded ? 0 : 1;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}

package org.custos.cli.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code custos bench ...}: load harnesses that drive a running server over HTTP. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Load harnesses against a running server.",
        subcommands = {BenchCommand.Accounts.class, AppBench.class, StartupBench.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code custos bench accounts}: sign-up, log-in and authenticated profile reads over HTTP; prints
     * throughput and p50/p99/max per operation as a table and as one JSON line. Exit code 1 when no request
     * succeeded (the server is down or rejects everything).
     */
    @Command(name = "accounts", mixinStandardHelpOptions = true,
            description = "Drive sign-up, log-in and GET /v1/me; report throughput and p50/p99.")
    static final class Accounts implements Callable<Integer> {

        @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Server base URL (default ${DEFAULT-VALUE}).")
        URI url;

        @Option(names = "--users", defaultValue = "16", description = "Concurrent virtual users (default ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--duration", defaultValue = "30", paramLabel = "SECONDS", description = "Seconds of load (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--reads", defaultValue = "5", description = "Profile reads per log-in (default ${DEFAULT-VALUE}).")
        int reads;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
        Path json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException, IOException {
            if (users < 1 || users > 10_000) {
                throw new IllegalArgumentException("--users must be 1..10000, got " + users);
            }
            if (seconds < 1 || seconds > 86_400) {
                throw new IllegalArgumentException("--duration must be 1..86400 seconds, got " + seconds);
            }
            if (reads < 0 || reads > 1000) {
                throw new IllegalArgumentException("--reads must be 0..1000, got " + reads);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("bench accounts: %s, %d users, %d s, %d reads per log-in%n", url, users, seconds, reads);
            out.flush();
            String runId = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
            var result = new AccountsLoad(url, users, Duration.ofSeconds(seconds), reads, runId).run();
            out.print(result.report().table(result.measured()));
            String jsonText = result.report().json(url.toString(), users, result.measured());
            out.println(jsonText);
            out.flush();
            if (json != null) {
                Files.writeString(json, jsonText + "\n");
            }
            long ok = 0;
            for (Operation op : result.report().operations()) {
                ok += result.report().succeeded(op);
            }
            return ok == 0 ? 1 : 0;
        }
    }
}

package org.custos.cli.population;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code custos simulate}: drives a running server over HTTP with a seeded synthetic population and prints what
 * happened. Sign-up costs one Argon2id hash per user on the server, so the default population is modest.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Drive a running server with a synthetic, seeded population.")
public final class SimulateCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int UNREACHABLE = 2;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Base URL of the running server (default ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--users", paramLabel = "N", defaultValue = "200",
            description = "Users (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed: the same seed makes the same population and requests (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--videos-per-user", paramLabel = "V", defaultValue = "1",
            description = "Uploads per user (default ${DEFAULT-VALUE}).")
    int videosPerUser;

    @Option(names = "--sessions", paramLabel = "M", defaultValue = "2",
            description = "Watch sessions per user (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--follows", paramLabel = "F", defaultValue = "5",
            description = "Mean follows per user, drawn from a skewed graph (default ${DEFAULT-VALUE}).")
    int follows;

    @Option(names = "--parallelism", paramLabel = "P", defaultValue = "4",
            description = "Requests in flight at most (default ${DEFAULT-VALUE}).")
    int parallelism;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (users < 1 || videosPerUser < 0 || sessions < 0 || follows < 0 || parallelism < 1) {
            err.println("error: --users and --parallelism must be at least 1; the other counts at least 0");
            return ImportCommand.USAGE;
        }
        Tally tally = new Tally();
        ApiClient api = new ApiClient(url, tally);
        try {
            api.checkReachable();
        } catch (ServerUnreachableException e) {
            err.println("error: " + e.getMessage());
            return UNREACHABLE;
        }
        long started = System.nanoTime();
        new Simulation(api, new Simulation.Plan(users, seed, videosPerUser, sessions, follows, parallelism),
                ProgressBar.on(err)).run();
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("simulated %d users (seed %d) against %s in %.1f s%n", users, seed, url, seconds);
        tally.print(out);
        out.println("  (mean ms includes waits: a 429 or 503 is retried after its Retry-After)");
        if (tally.waited()) {
            out.println("  The server rate-limited or shed load; log-ins from one address are limited by "
                    + "login.limit.per.address (docs/operations.md).");
        }
        out.flush();
        return tally.succeeded("log-in") == 0 ? FAILED : ImportCommand.OK;
    }
}

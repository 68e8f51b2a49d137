package org.custos.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.custos.cli.population.DemoPopulation;
import org.custos.server.CustosServer;
import org.custos.server.StartupHold;
import org.custos.server.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code custos up}: starts the whole boundary in this process and serves until SIGINT (Ctrl-C) or SIGTERM,
 * then shuts down gracefully.
 *
 * <p>The signals are taken over from the JVM's default (which would run every shutdown hook at once) so that
 * the order holds: HTTP stops and drains first, the embedded PostgreSQL stops last.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start the whole boundary in one process and serve until Ctrl-C.")
final class UpCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @CommandLine.Option(names = "--demo",
            description = "At first start, load a small demo population (the bundled KuaiRand sample).")
    boolean demo;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, java.io.IOException {
        ServerConfig config = options.read();
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onStop(stop::countDown);
        PrintWriter out = spec.commandLine().getOut();
        // The demo is written through the server's own API, so the server listens first; readiness waits for it.
        StartupHold hold = demo ? StartupHold.until("loading the demo population") : StartupHold.none();
        try (CustosServer server = CustosServer.start(config, Clock.systemUTC(), hold)) {
            String base = server.baseUri().toString();
            out.printf("Custos is up (ready in %.1f s)%n", server.startupTime().toMillis() / 1000.0);
            out.println("  API:      " + base + "/v1/");
            out.println("  health:   " + base + "/health/ready");
            out.println("  metrics:  " + base + "/metrics");
            out.println("  data:     " + config.dataDir());
            out.println("  database: " + server.databaseDescription());
            out.println("  log:      " + base + "/checkpoint  (verify: ./custos log verify --url " + base
                    + " --vkey '" + server.auditLog().verifierKey().encode() + "')");
            server.firstOperator().ifPresent(first -> {
                out.println();
                out.println("First custodian operator, created now; the password is shown once and stored nowhere:");
                out.println("  name:     " + first.name());
                out.println("  roles:    " + first.roles());
                out.println("  password: " + first.password());
                out.println("  log in:   POST " + base + "/v1/operator-sessions {\"name\":..., \"password\":...}");
                out.println();
            });
            if (demo) {
                try {
                    DemoPopulation.loadOnce(server, config, out);
                } finally {
                    hold.release();
                }
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stop.await();
            out.println("Stopping...");
            out.flush();
        }
        out.println("Stopped.");
        out.flush();
        return ExitCodes.OK;
    }
}

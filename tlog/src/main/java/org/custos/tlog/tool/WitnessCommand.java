package org.custos.tlog.tool;

import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.custos.tlog.note.Cosigner;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.note.VerifierKey;
import org.custos.tlog.witness.Witness;
import org.custos.tlog.witness.WitnessRoutes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custos witness}: runs a tlog-witness (POST /add-checkpoint) for the given logs. */
@Command(name = "witness", mixinStandardHelpOptions = true,
        description = "Run a C2SP tlog-witness that cosigns checkpoints of the given logs when they are consistent.")
public final class WitnessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, description = "witness signing key file (created if absent)")
    Path keyFile;

    @Option(names = "--name", description = "witness name, needed only to create the key file")
    String name;

    @Option(names = "--log", required = true, description = "verifier key (or file) of a log to witness; origin = key name")
    List<String> logs = new ArrayList<>();

    @Option(names = "--state", required = true, description = "file holding the latest cosigned checkpoint per log")
    Path state;

    @Option(names = "--port", defaultValue = "8081", description = "TCP port, 0 for any (default: ${DEFAULT-VALUE})")
    int port;

    final CountDownLatch started = new CountDownLatch(1);
    volatile int boundPort = -1;
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        NoteSigner key = KeyFiles.loadOrCreate(keyFile, name, new SecureRandom());
        Map<String, List<VerifierKey>> trusted = new HashMap<>();
        for (String log : logs) {
            VerifierKey logKey = KeyFiles.verifierKey(log);
            trusted.computeIfAbsent(logKey.name(), n -> new ArrayList<>()).add(logKey);
        }
        Cosigner cosigner = new Cosigner(key, Clock.systemUTC());
        Witness witness = new Witness(cosigner, trusted, state);
        WebServer server = WebServer.builder().port(port)
                .routing(routing -> WitnessRoutes.register(routing, witness)).build().start();
        boundPort = server.port();
        spec.commandLine().getOut().println("witness " + cosigner.verifierKey().encode() + " on port " + boundPort);
        spec.commandLine().getOut().flush();
        started.countDown();
        try {
            stop.await();
        } finally {
            server.stop();
        }
        return 0;
    }
}

package org.custos.tlog.tool;

import io.helidon.webserver.WebServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.custos.tlog.LogSettings;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.internal.LogRoutes;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.storage.FileLogStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code custos log serve}: serves a log directory's read API; with a key, also accepts appends. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve /checkpoint and /tile/... from DIR; with --key, also run the log and accept POST /add.")
public final class LogServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, description = "log directory")
    Path dir;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--key", description = "signing key file: run the log here and accept appends")
    Path keyFile;

    @Option(names = "--witness", description = "a witness to cosign each checkpoint: <submission URL>,<its verifier key or file>")
    java.util.List<String> witnesses = new java.util.ArrayList<>();

    /** Counted down when the server is up; tests use it to find the port. */
    final CountDownLatch started = new CountDownLatch(1);
    volatile int boundPort = -1;
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        TransparencyLog log = null;
        FileLogStore store = new FileLogStore(dir, false);
        if (keyFile != null) {
            NoteSigner signer = KeyFiles.loadOrCreate(keyFile, null, new java.security.SecureRandom());
            log = TransparencyLog.open(
                    LogSettings.defaults(dir, signer).withWitnesses(WitnessOption.parse(witnesses)));
        }
        TransparencyLog running = log;
        WebServer server = WebServer.builder().port(port).routing(routing -> {
            if (running != null) {
                running.mount(routing, true);
            } else {
                new LogRoutes(store).register(routing);
            }
        }).build().start();
        boundPort = server.port();
        spec.commandLine().getOut().println("serving " + dir + " on port " + boundPort);
        spec.commandLine().getOut().flush();
        started.countDown();
        try {
            stop.await();
        } finally {
            server.stop();
            if (log != null) {
                log.close();
            }
        }
        return 0;
    }
}

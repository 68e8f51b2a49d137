package org.custos.server.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.custos.recsys.api.Algorithm;
import org.custos.recsys.api.EngineServer;
import org.custos.release.AdmittedRelease;

/**
 * Serves an algorithm in this JVM over in-memory pipes, through the same protocol as the confined process: the
 * in-process baseline of the conformance tests and of the engine benchmark. It ignores the admitted artifact's
 * bytes (it runs whatever {@code algorithms} makes, from this JVM's class path) and confines nothing, so the
 * supervisor logs every start as unconfined. Only {@link EngineServices.Hooks} can install it; no setting does.
 */
public final class InProcessLauncher implements EngineLauncher {
    private final Supplier<Algorithm> algorithms;

    /** {@code algorithms} makes a fresh algorithm for each launch. */
    public InProcessLauncher(Supplier<Algorithm> algorithms) {
        this.algorithms = algorithms;
    }

    @Override
    public EngineProcess launch(AdmittedRelease release, Path stateDirectory, String name) throws IOException {
        Pipe toEngine = Pipe.open();
        Pipe fromEngine = Pipe.open();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofPlatform().name("local-engine-" + name).daemon().start(() -> {
            int status = EngineServer.serve(algorithms.get(),
                    Channels.newInputStream(toEngine.source()), Channels.newOutputStream(fromEngine.sink()));
            close(fromEngine.sink());
            exit.complete(status);
        });
        OutputStream in = Channels.newOutputStream(toEngine.sink());
        InputStream out = Channels.newInputStream(fromEngine.source());
        return new EngineProcess() {
            @Override
            public OutputStream toEngine() {
                return in;
            }

            @Override
            public InputStream fromEngine() {
                return out;
            }

            @Override
            public CompletableFuture<Integer> exit() {
                return exit;
            }

            @Override
            public void kill() {
                close(toEngine.sink());
                close(fromEngine.source());
            }

            @Override
            public String confinement() {
                return "in-process (unconfined)";
            }
        };
    }

    @Override
    public boolean confined() {
        return false;
    }

    private static void close(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}

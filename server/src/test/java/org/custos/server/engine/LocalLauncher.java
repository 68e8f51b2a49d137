package org.custos.server.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.ForYouAlgorithm;
import org.custos.recsys.api.EngineServer;
import org.custos.release.AdmittedRelease;

/**
 * The project's For You algorithm served in this JVM over in-memory pipes, through the same protocol as the
 * confined process: the in-process side of the conformance suite. It ignores the admitted artifact's bytes (it
 * runs the engine classes on the test class path) and confines nothing, so the supervisor logs it as unconfined.
 */
final class LocalLauncher implements EngineLauncher {

    @Override
    public EngineProcess launch(AdmittedRelease release, Path stateDirectory, String name) throws IOException {
        Pipe toEngine = Pipe.open();
        Pipe fromEngine = Pipe.open();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofPlatform().name("local-engine-" + name).daemon().start(() -> {
            int status = EngineServer.serve(new ForYouAlgorithm(EngineConfig.defaults(1, ZoneOffset.UTC)),
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
                return "in-process (tests)";
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

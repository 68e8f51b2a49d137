package org.custos.recsys.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An algorithm served in this JVM over in-memory pipes, speaking the same protocol as a confined process: for
 * tests, benchmarks (the baseline the confined engine is measured against) and development. It confines
 * nothing.
 */
public final class LocalEngine implements AutoCloseable {

    private final EngineClient client;
    private final Thread server;
    private volatile int exitStatus = -1;

    private LocalEngine(EngineClient client, Thread server) {
        this.client = client;
        this.server = server;
    }

    /** Starts serving {@code algorithm} on a thread and completes the handshake. */
    public static LocalEngine start(String name, Algorithm algorithm, FrameTap tap,
                                    Consumer<ProtocolViolationException> onViolation) {
        try {
            Pipe toEngine = Pipe.open();
            Pipe fromEngine = Pipe.open();
            LocalEngine[] self = new LocalEngine[1];
            Thread server = Thread.ofPlatform().name("local-engine-" + name).daemon().unstarted(() -> {
                int status = EngineServer.serve(algorithm, Channels.newInputStream(toEngine.source()),
                        Channels.newOutputStream(fromEngine.sink()));
                if (self[0] != null) {
                    self[0].exitStatus = status;
                }
                try {
                    fromEngine.sink().close();
                } catch (IOException ignored) {
                    // already closed
                }
            });
            EngineClient client = new EngineClient(name, Channels.newInputStream(fromEngine.source()),
                    Channels.newOutputStream(toEngine.sink()), tap, onViolation);
            LocalEngine engine = new LocalEngine(client, server);
            self[0] = engine;
            server.start();
            client.handshake(Duration.ofSeconds(30));
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the local algorithm did not become ready", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the local algorithm", e);
        }
    }

    public EngineClient client() {
        return client;
    }

    /** The server's exit status once it ended, else -1. */
    public int exitStatus() {
        return exitStatus;
    }

    @Override
    public void close() {
        client.close();
        try {
            server.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.custos.server.engine;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/** A started algorithm: its protocol streams and its life. Confined in production; in this JVM for tests. */
public interface EngineProcess {

    /** The algorithm's standard input: frames towards it. */
    OutputStream toEngine();

    /** The algorithm's standard output: frames from it. */
    InputStream fromEngine();

    /** Completes with the exit status when it ended. */
    CompletableFuture<Integer> exit();

    /** Ends it now (the whole sandbox); idempotent. */
    void kill();

    /** How it is confined, for logs and health: e.g. {@code bubblewrap, cgroup v1, seccomp}. */
    String confinement();
}

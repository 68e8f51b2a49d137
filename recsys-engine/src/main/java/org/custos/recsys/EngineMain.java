package org.custos.recsys;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.util.logging.Logger;
import org.custos.recsys.api.EngineServer;
import org.custos.recsys.api.Protocol;

/**
 * The entry point of the For You algorithm bundle: {@code java -cp bundle.jar org.custos.recsys.EngineMain [seed]}
 * serves a {@link ForYouAlgorithm} with {@link EngineConfig#defaults} (the seed defaults to 1, viewers' clock in
 * UTC) over standard input and output, and exits with {@link EngineServer#serve}'s status.
 *
 * <p>Standard output carries frames and nothing else. The frames are written to the process's output descriptor
 * directly, and {@link System#out} is pointed at standard error before anything else runs, so a stray print in
 * any library lands on standard error instead of corrupting the stream (the host would see a malformed frame and
 * stop the engine). {@code java.util.logging} writes to standard error by default. A usage error exits with 64.
 */
public final class EngineMain {

    private static final Logger LOG = Logger.getLogger(EngineMain.class.getName());
    /** Exit status of a bad command line (sysexits' EX_USAGE). */
    static final int EXIT_USAGE = 64;

    private EngineMain() {
    }

    public static void main(String[] args) {
        OutputStream frames = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        long seed;
        try {
            seed = seed(args);
        } catch (IllegalArgumentException e) {
            System.err.println("usage: EngineMain [seed]: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        ForYouAlgorithm algorithm = new ForYouAlgorithm(EngineConfig.defaults(seed, ZoneOffset.UTC));
        LOG.info(() -> "For You engine " + org.custos.recsys.training.OnlineEngine.CODE_VERSION + " serving protocol "
                + Protocol.VERSION + ", seed " + seed);
        System.exit(EngineServer.serve(algorithm, System.in, frames));
    }

    static long seed(String[] args) {
        if (args.length == 0) {
            return 1;
        }
        if (args.length > 1) {
            throw new IllegalArgumentException("one optional argument, the model seed; got " + args.length);
        }
        try {
            return Long.parseLong(args[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the seed must be an integer, got '" + args[0] + "'", e);
        }
    }
}

package org.custos.tlog;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.custos.tlog.note.NoteSigner;

/**
 * Runs a log in its own JVM and appends until killed, printing {@code <index> <entry>} for each acknowledged entry.
 * Driven by {@link CrashRecoveryIT}.
 */
public final class CrashChild {

    static final byte[] SEED = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100f0e0d0c0b0a090807060504030201000");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String run = args[1];
        NoteSigner signer = NoteSigner.fromSeed("example.org/crash", SEED);
        LogSettings settings = LogSettings.defaults(dir, signer)
                .withBatching(64, Duration.ofMillis(1), Duration.ofMillis(15));
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        TransparencyLog log = TransparencyLog.open(settings);
        synchronized (out) {
            out.println("ready");
            out.flush();
        }
        for (int t = 0; t < 16; t++) {
            int thread = t;
            Thread.ofVirtual().start(() -> {
                for (int n = 0; ; n++) {
                    String entry = run + "-" + thread + "-" + n;
                    try {
                        long index = log.append(entry.getBytes(StandardCharsets.UTF_8));
                        synchronized (out) {
                            out.println(index + " " + entry);
                            out.flush();
                        }
                    } catch (PushbackException e) {
                        n--;
                        try {
                            Thread.sleep(e.retryAfter());
                        } catch (InterruptedException stop) {
                            return;
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(Duration.ofMinutes(5));
    }

    private CrashChild() {}
}

package org.custos.cli;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM as a callback, instead of the JVM's immediate run of all shutdown hooks (the embedded
 * PostgreSQL library registers one that would stop the database while requests still drain).
 *
 * <p>The JDK has no public API for signal callbacks; {@code sun.misc.Signal}, exported by module
 * {@code jdk.unsupported} for this use, is the one available, hence the compiler warning.
 */
final class StopSignals {

    private StopSignals() {}

    static void onStop(Runnable action) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> action.run());
        }
    }
}

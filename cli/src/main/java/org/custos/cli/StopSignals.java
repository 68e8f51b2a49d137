package org.custos.cli;

import sun.misc.Signal;

/** SIGINT and SIGTERM as a callback, instead of the JVM's immediate run of all shutdown hooks. */
final class StopSignals {

    private StopSignals() {}

    static void onStop(Runnable action) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> action.run());
        }
    }
}

package org.custos.release.tool;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the server: failures become one clear line and an exit code, never a stack trace. */
abstract class GateCall implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    /** Runs against the server; returns the exit code. */
    abstract int run(GateClient client, PrintWriter out) throws GateClient.Failure;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            int code = run(server.client(), out);
            out.flush();
            return code;
        } catch (GateClient.Failure e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return e.exitCode();
        }
    }
}

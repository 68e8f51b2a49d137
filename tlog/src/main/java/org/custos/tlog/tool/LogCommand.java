package org.custos.tlog.tool;

import picocli.CommandLine.Command;

/** {@code custos log}: run, feed, prove and verify a transparency log. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Run, append to, prove and verify a C2SP tiled transparency log.",
        subcommands = {LogServeCommand.class, LogAppendCommand.class, LogProveCommand.class, LogVerifyCommand.class,
                LogEntriesCommand.class})
public final class LogCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package org.custos.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code custos} command line: one picocli entry point for every subcommand. */
@Command(
        name = "custos",
        mixinStandardHelpOptions = true,
        version = "custos 0.1.0",
        description = "A data boundary for a global app run under a trusted technology partner.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command tree, with every module's subcommands registered. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        return cli;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}

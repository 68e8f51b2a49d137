package org.custos.cli;

import org.custos.cli.bench.BenchCommand;
import org.custos.cli.population.ImportCommand;
import org.custos.cli.population.SimulateCommand;
import org.custos.release.tool.ReleaseCommand;
import org.custos.tlog.tool.LogCommand;
import org.custos.tlog.tool.WitnessCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code custos} command line: one picocli entry point for every subcommand.
 *
 * <p>Exit codes (also in {@code docs/operations.md}): {@value ExitCodes#OK} success,
 * {@value ExitCodes#FAILED} unexpected failure, {@value ExitCodes#USAGE} bad command line or configuration,
 * {@value ExitCodes#STARTUP} start-up refused (for example a column without a data class),
 * {@value ExitCodes#IN_USE} the data directory or port is taken by another process.
 */
@Command(
        name = "custos",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "A data boundary for a global app run under a trusted technology partner.",
        footer = "%nThe For You engine's offline evaluation runs apart from the server: ./custos recsys eval|movielens.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // One line per log record, on standard error; standard output is for what the user asked for.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
        }
        System.exit(commandLine().execute(args));
    }

    /** The command tree, with every module's subcommands registered. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand(new UpCommand());
        cli.addSubcommand(new OperatorsCommand());
        cli.addSubcommand(new KeysCommand());
        cli.addSubcommand(new SimulateCommand());
        cli.addSubcommand(new ImportCommand());
        cli.addSubcommand(new BenchCommand());
        cli.addSubcommand(new VersionCommand());
        cli.addSubcommand("log", new LogCommand());
        cli.addSubcommand("witness", new WitnessCommand());
        cli.addSubcommand("release", new ReleaseCommand());
        cli.setExecutionExceptionHandler(new ErrorReport());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

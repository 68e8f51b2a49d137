package org.custos.recsys.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code custos recsys}: offline tools of the For You engine. */
@Command(name = "recsys", mixinStandardHelpOptions = true,
        description = "The For You recommendation engine: offline evaluation (KuaiRand-Pure, MovieLens-100k).",
        subcommands = {EvalCommand.class, MovieLensCommand.class, CommandLine.HelpCommand.class})
public final class RecsysCommand implements Runnable {

    /** Runs the command on its own (development and benchmarks), outside the {@code custos} launcher. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RecsysCommand()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}

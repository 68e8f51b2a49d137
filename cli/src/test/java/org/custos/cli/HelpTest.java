package org.custos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command answers {@code --help} with its usage, including commands added later. */
class HelpTest {

    /**
     * Every command path under {@code custos} (top-level commands and their subcommands), walked from the real
     * command tree so that a new command is covered without editing this test.
     */
    static List<String> commandPaths() {
        List<String> paths = new ArrayList<>();
        walk(Main.commandLine(), "", paths);
        assertThat(paths).contains("operators", "keys", "log", "operators create", "keys rotate", "log append");
        return paths;
    }

    private static void walk(CommandLine parent, String prefix, List<String> paths) {
        parent.getSubcommands().forEach((name, sub) -> {
            // A command is listed under each of its aliases; test it once, under its own name.
            if (name.equals(sub.getCommandName())) {
                String path = prefix + name;
                paths.add(path);
                walk(sub, path + " ", paths);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("commandPaths")
    void help_printsUsageAndExitsZero(String path) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of(path.split(" ")));
        args.add("--help");
        int exit = cli.execute(args.toArray(String[]::new));
        assertThat(exit).as("custos %s --help: %s", path, err).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).as("custos %s --help", path).contains("Usage: custos " + path);
    }
}

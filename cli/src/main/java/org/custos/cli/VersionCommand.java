package org.custos.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code custos version}: the Custos version and the Java runtime it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the version of Custos and of the Java runtime.")
final class VersionCommand implements Callable<Integer> {

    static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : new Provider().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        return ExitCodes.OK;
    }

    /** Shared with {@code custos --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "custos " + VERSION,
                "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}

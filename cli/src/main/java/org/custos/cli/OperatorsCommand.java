package org.custos.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.custos.app.App;
import org.custos.app.AppSettings;
import org.custos.app.accounts.OperatorCredentials;
import org.custos.app.accounts.Role;
import org.custos.server.Boundary;
import org.custos.server.ServerConfig;
import org.custos.server.postgres.Postgres;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code custos operators ...}: the principals who run the boundary. */
@Command(name = "operators", mixinStandardHelpOptions = true,
        description = "Operator principals.", subcommands = {OperatorsCommand.Create.class})
final class OperatorsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code custos operators create --name N --role R...}: creates an operator in the configured instance's
     * database (beside a running server or not) and prints its one-time password, which is stored only as a
     * hash.
     */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an operator and print its one-time credentials.")
    static final class Create implements Callable<Integer> {

        @Mixin
        ConfigOptions options;

        @Option(names = "--name", required = true, description = "Operator name (unique).")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "Role, repeatable: ${COMPLETION-CANDIDATES}.")
        List<Role> roles;

        @Option(names = "--init", description = "Create a new instance in the data directory if it holds none.")
        boolean init;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The app opened only to write an operator (it runs no algorithm: only the server's supervisor does). */
        private static AppSettings operatorsOnly(ServerConfig config) {
            return config.resolvedApp();
        }

        @Override
        public Integer call() {
            ServerConfig config = options.read();
            Set<Role> roleSet = EnumSet.copyOf(roles);
            PrintWriter out = spec.commandLine().getOut();
            Optional<String> missing = Instances.missing(config);
            if (missing.isPresent() && !init) {
                // A mistyped --data-dir would otherwise create a whole new instance (database, keys) and put the
                // operator there, where no server ever looks.
                spec.commandLine().getErr().println("custos operators create: " + missing.get() + "; check --data-dir"
                        + " and --config, or pass --init to create a new instance there");
                return ExitCodes.USAGE;
            }
            var metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            try (Postgres postgres = Postgres.forCommand(config);
                    Boundary boundary = Boundary.open(config, postgres, Clock.systemUTC(), metrics);
                    App app = App.create(boundary.dataSource(), boundary.vault(), Clock.systemUTC(), operatorsOnly(config))) {
                OperatorCredentials created = app.operators().create(name, roleSet);
                out.println("Operator created; the password is shown once and stored nowhere:");
                out.println("  name:     " + created.name());
                out.println("  roles:    " + created.roles());
                out.println("  password: " + created.password());
                out.flush();
                return ExitCodes.OK;
            }
        }
    }
}

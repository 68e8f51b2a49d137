package org.custos.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.custos.server.Boundary;
import org.custos.server.ServerConfig;
import org.custos.server.postgres.Postgres;
import org.custos.vault.KekRotation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code custos keys ...}: the custodian's key operations. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Key operations.", subcommands = {KeysCommand.Rotate.class, KeysCommand.DestroyRetired.class})
final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code custos keys rotate}: makes a new key-encryption key version primary and rewraps every data key
     * under it, in batches, while a server on the same data directory keeps serving (the command uses that
     * server's database; the vault reads either KEK version during the rewrap).
     */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Rotate the key-encryption key without downtime.")
    static final class Rotate implements Callable<Integer> {

        @Mixin
        ConfigOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ServerConfig config = options.read();
            PrintWriter out = spec.commandLine().getOut();
            var metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            try (Postgres postgres = Postgres.forCommand(config);
                    Boundary boundary = Boundary.open(config, postgres, Clock.systemUTC(), metrics)) {
                out.println("rotating the key-encryption key (" + postgres.description()
                        + (postgres.attachedToRunningServer() ? ", server running" : "") + ")...");
                out.flush();
                KekRotation result = boundary.vault().rotateKeyEncryptionKey(done -> {
                    out.println("  rewrapped " + done + " data keys");
                    out.flush();
                });
                out.printf("KEK version %d is primary: %d data keys rewrapped, %d already current, %d batches, %d ms%n",
                        result.newKekVersion(), result.rewrapped(), result.alreadyCurrent(), result.batches(),
                        result.took().toMillis());
                return ExitCodes.OK;
            }
        }
    }

    /**
     * {@code custos keys destroy-retired}: destroys the key-encryption key versions that a finished rotation left
     * behind (not primary, wrapping no data key), so that key-store backups from before the rotation can no longer
     * unwrap anything. Run it once every server has had 30 seconds to see the new primary version.
     */
    @Command(name = "destroy-retired", mixinStandardHelpOptions = true,
            description = "Destroy retired key-encryption key versions after a finished rotation.")
    static final class DestroyRetired implements Callable<Integer> {

        @Mixin
        ConfigOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ServerConfig config = options.read();
            PrintWriter out = spec.commandLine().getOut();
            var metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            try (Postgres postgres = Postgres.forCommand(config);
                    Boundary boundary = Boundary.open(config, postgres, Clock.systemUTC(), metrics)) {
                java.util.List<Integer> destroyed = boundary.vault().destroyRetiredKekVersions();
                out.println(destroyed.isEmpty()
                        ? "no retired KEK version to destroy (none left, or a rotation has not finished)"
                        : "destroyed KEK versions " + destroyed
                                + "; key-store backups from before them can no longer unwrap data keys");
                return ExitCodes.OK;
            }
        }
    }
}

package org.custos.cli.population;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.custos.app.population.KuaiRandFormatException;
import org.custos.app.population.PopulationImport;
import org.custos.app.videos.LocalDirectoryBlobStore;
import org.custos.server.Boundary;
import org.custos.server.ServerConfig;
import org.custos.server.postgres.Postgres;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code custos import ...}: loads an outside population into the instance's database. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Load an outside data set into this instance.",
        subcommands = {ImportCommand.KuaiRand.class})
public final class ImportCommand implements Runnable {
    static final int OK = 0;
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code custos import kuairand DIR}: users, videos and watch events of KuaiRand-Pure, written straight into
     * the database of the configured data directory, beside a running server or without one. Re-running adds only
     * what is missing.
     */
    @Command(name = "kuairand", mixinStandardHelpOptions = true,
            description = "Import KuaiRand-Pure users, videos and watch events (idempotent).")
    static final class KuaiRand implements Callable<Integer> {
        @CommandLine.Mixin
        InstanceOptions options;

        @Parameters(index = "0", paramLabel = "DIR",
                description = "Directory with user_features_pure.csv, video_features_basic_pure.csv and "
                        + "log_standard_pure_*.csv.")
        Path directory;

        @CommandLine.Option(names = "--limit-users", paramLabel = "N", defaultValue = "1000",
                description = "Import the N lowest user ids and their events (default ${DEFAULT-VALUE}).")
        int limitUsers;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!Files.isDirectory(directory)) {
                err.println("error: " + directory + " is not a directory (expected the KuaiRand-Pure files)");
                return USAGE;
            }
            if (limitUsers < 1) {
                err.println("error: --limit-users must be at least 1");
                return USAGE;
            }
            ServerConfig config = options.read();
            var metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            try (Postgres postgres = Postgres.forCommand(config);
                    Boundary boundary = Boundary.open(config, postgres, Clock.systemUTC(), metrics)) {
                out.println("importing KuaiRand from " + directory + " (" + postgres.description()
                        + (postgres.attachedToRunningServer() ? ", server running" : "") + ")...");
                out.flush();
                PopulationImport.Summary summary = load(boundary, config, directory, limitUsers, err);
                print(out, summary);
                return OK;
            } catch (KuaiRandFormatException e) {
                err.println("error: " + e.getMessage());
                return USAGE;
            }
        }
    }

    /** Runs the import with a progress bar; shared by {@code import kuairand} and {@code up --demo}. */
    public static PopulationImport.Summary load(Boundary boundary, ServerConfig config, Path directory,
                                                int limitUsers, PrintWriter err) throws IOException {
        Path blobs = Files.createDirectories(config.resolve(config.app().blobDirectory()));
        return load(PopulationImport.create(boundary.dataSource(), boundary.vault(),
                new LocalDirectoryBlobStore(blobs), Clock.systemUTC(), new SecureRandom()), directory, limitUsers, err);
    }

    /** Imports into a running server, whose owner's algorithm learns the population as it is added. */
    public static PopulationImport.Summary load(org.custos.server.CustosServer server, Path directory, int limitUsers,
                                                PrintWriter err) throws IOException {
        return load(PopulationImport.into(server.app(), server.boundary().dataSource(), server.boundary().vault(),
                Clock.systemUTC(), new SecureRandom()), directory, limitUsers, err);
    }

    private static PopulationImport.Summary load(PopulationImport populationImport, Path directory, int limitUsers,
                                                 PrintWriter err) throws IOException {
        ProgressBar bar = ProgressBar.on(err);
        try {
            return populationImport.importKuaiRand(directory, limitUsers, bar::update);
        } finally {
            bar.finish();
        }
    }

    public static void print(PrintWriter out, PopulationImport.Summary s) {
        out.printf("imported in %.1f s:%n", s.millis() / 1000.0);
        out.printf("  users:   %d new, %d already there%n", s.usersCreated(), s.usersExisting());
        out.printf("  authors: %d new, %d already there%n", s.authorsCreated(), s.authorsExisting());
        out.printf("  videos:  %d new, %d already there%n", s.videosCreated(), s.videosExisting());
        out.printf("  events:  %d new, %d already there%n", s.eventsAdded(), s.eventsExisting());
        if (s.rowsSkipped() > 0) {
            out.printf("  skipped: %d log rows naming a video missing from the video file%n", s.rowsSkipped());
        }
        out.println("Imported accounts cannot log in: their password hash matches no password (docs/operations.md).");
        out.flush();
    }
}

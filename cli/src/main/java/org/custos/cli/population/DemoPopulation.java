package org.custos.cli.population;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.custos.app.population.PopulationImport;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;

/**
 * The population of {@code custos up --demo}: the bundled KuaiRand sample (12 users, their 300 watch events and
 * the 259 videos they watched; CC BY-SA 4.0, see the README beside it), imported once per data directory. A marker
 * file in the data directory records that it was loaded, so a restart does not load it again.
 */
public final class DemoPopulation {
    static final String MARKER = "demo-population.loaded";
    private static final List<String> FILES = List.of("user_features_pure.csv", "video_features_basic_pure.csv",
            "log_standard_pure_20220425_20220504.csv", "README.md");

    private DemoPopulation() {
    }

    /** Loads the demo population unless this data directory already has it; says what it did on {@code out}. */
    public static void loadOnce(CustosServer server, ServerConfig config, PrintWriter out) throws IOException {
        Path marker = config.dataDir().resolve(MARKER);
        if (Files.exists(marker)) {
            out.println("Demo population: already loaded at first start (" + marker + "), not loaded again.");
            out.flush();
            return;
        }
        Path files = Files.createTempDirectory("custos-demo");
        try {
            for (String name : FILES) {
                try (InputStream in = DemoPopulation.class.getResourceAsStream("demo/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("the demo population is missing from the build: " + name);
                    }
                    Files.copy(in, files.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            out.println("Demo population: importing the bundled KuaiRand sample (KuaiRand, Gao et al., CIKM 2022, "
                    + "CC BY-SA 4.0)...");
            out.flush();
            PopulationImport.Summary summary = ImportCommand.load(server, files, Integer.MAX_VALUE,
                    new PrintWriter(System.err, true));
            ImportCommand.print(out, summary);
            Files.writeString(marker, "loaded " + Instant.now() + "\n");
        } finally {
            try (Stream<Path> walk = Files.walk(files)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

package org.custos.cli.population;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.custos.server.ConfigReader;
import org.custos.server.ServerConfig;
import picocli.CommandLine.Option;

/** The instance options of {@code custos import}: the same as every other command's (config file, data dir). */
final class InstanceOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: ./custos.properties if present, or $CUSTOS_CONFIG).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./var, $CUSTOS_DATA_DIR).")
    Path dataDir;

    ServerConfig read() {
        Map<String, String> overrides = new HashMap<>();
        if (dataDir != null) {
            overrides.put("data.dir", dataDir.toString());
        }
        return ConfigReader.read(Optional.ofNullable(config), System.getenv(), overrides);
    }
}

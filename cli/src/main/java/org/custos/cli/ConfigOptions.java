package org.custos.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.custos.server.ConfigReader;
import org.custos.server.ServerConfig;
import picocli.CommandLine.Option;

/** The options every command that works on an instance shares; they win over CUSTOS_* and the config file. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: ./custos.properties if present, or $CUSTOS_CONFIG).")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ./var, $CUSTOS_DATA_DIR).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default 8080, $CUSTOS_PORT).")
    Integer port;

    ServerConfig read() {
        Map<String, String> overrides = new HashMap<>();
        if (dataDir != null) {
            overrides.put("data.dir", dataDir.toString());
        }
        if (port != null) {
            overrides.put("port", port.toString());
        }
        return ConfigReader.read(Optional.ofNullable(config), System.getenv(), overrides);
    }
}

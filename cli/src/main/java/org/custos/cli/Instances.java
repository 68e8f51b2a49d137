package org.custos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.custos.server.DatabaseSettings;
import org.custos.server.ServerConfig;

/** Whether a configuration names an instance that has been started before, for commands that must not create one. */
final class Instances {

    private Instances() {
    }

    /** Empty when the instance exists; otherwise what is missing, naming the path. */
    static Optional<String> missing(ServerConfig config) {
        if (config.database() instanceof DatabaseSettings.Embedded) {
            Path cluster = config.dataDir().resolve("pg");
            return Files.isRegularFile(cluster.resolve("PG_VERSION")) ? Optional.empty()
                    : Optional.of(config.dataDir() + " holds no Custos instance (no embedded database in " + cluster
                            + ")");
        }
        // With an external database the data directory still holds the transparency log from the first start.
        Path log = config.resolve(config.auditLog().directory());
        return Files.isRegularFile(log.resolve("checkpoint")) ? Optional.empty()
                : Optional.of(config.dataDir() + " holds no Custos instance (no transparency log in " + log + ")");
    }
}

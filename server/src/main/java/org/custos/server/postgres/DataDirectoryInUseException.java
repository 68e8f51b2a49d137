package org.custos.server.postgres;

import java.nio.file.Path;

/** Another Custos server already runs on this data directory; stop it, or give this one its own directory. */
public final class DataDirectoryInUseException extends RuntimeException {

    public DataDirectoryInUseException(Path dataDir) {
        super("another Custos server is running on data directory " + dataDir
                + "; stop it first, or start this one with its own --data-dir (CUSTOS_DATA_DIR) and --port");
    }
}

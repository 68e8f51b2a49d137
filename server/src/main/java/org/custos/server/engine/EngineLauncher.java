package org.custos.server.engine;

import java.io.IOException;
import java.nio.file.Path;
import org.custos.release.AdmittedRelease;

/** Starts an admitted release's algorithm. Only an {@link AdmittedRelease} can be launched: the gate made it. */
public interface EngineLauncher {

    /**
     * Starts the release's algorithm with {@code stateDirectory} as its only writable place.
     *
     * @throws IOException when the process cannot be started; the message says why
     */
    EngineProcess launch(AdmittedRelease release, Path stateDirectory, String name) throws IOException;

    /** Whether processes this launcher starts are confined (false: the development setting, logged as such). */
    boolean confined();
}

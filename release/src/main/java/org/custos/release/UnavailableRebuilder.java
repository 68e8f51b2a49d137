package org.custos.release;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The rebuilder of a gate built without the hermetic builder: every rebuild fails and says so, so no release can
 * be approved (a release is approved only after a matching rebuild).
 */
final class UnavailableRebuilder implements Rebuilder {
    @Override
    public String builderId() {
        return "https://custos.dev/release/unavailable";
    }

    @Override
    public String buildType() {
        return "https://custos.dev/release/unavailable";
    }

    @Override
    public Outcome rebuild(Path sourceArchive, Path workDir) throws RebuildFailedException {
        throw new RebuildFailedException("this server has no hermetic builder, so it cannot rebuild releases", null);
    }

    @Override
    public Difference compare(Path expected, Path actual) throws IOException {
        return JarEntries.compare(expected, actual);
    }
}

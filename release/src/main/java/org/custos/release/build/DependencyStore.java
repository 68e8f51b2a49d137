package org.custos.release.build;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a rebuild finds the bytes of its locked jars. A store MUST NOT fetch anything from a network: the rebuild
 * is offline. The builder hashes whatever the store returns against the lock, so a store needs no trust, only
 * the right bytes.
 */
public interface DependencyStore {

    /**
     * The file holding {@code dependency}'s jar.
     *
     * @throws NoSuchFileException when the store does not hold it
     */
    Path resolve(LockedDependency dependency) throws IOException;

    /** A Maven local repository: {@code <repository>/<group as path>/<artifact>/<version>/<file name>}. */
    static DependencyStore mavenLocal(Path repository) {
        return new MavenRepositoryStore(repository);
    }

    /** A flat directory of jars: {@code <dir>/<file name>}. */
    static DependencyStore directory(Path dir) {
        return new DirectoryStore(dir);
    }
}

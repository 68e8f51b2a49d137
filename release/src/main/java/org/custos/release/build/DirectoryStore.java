package org.custos.release.build;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** A flat directory of jars, named as in the lock, read as a {@link DependencyStore}. */
record DirectoryStore(Path directory) implements DependencyStore {

    DirectoryStore {
        Objects.requireNonNull(directory, "directory");
    }

    @Override
    public Path resolve(LockedDependency dependency) throws NoSuchFileException {
        Path file = directory.resolve(dependency.fileName());
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not in the directory " + directory);
        }
        return file;
    }

    @Override
    public String toString() {
        return "the directory " + directory;
    }
}

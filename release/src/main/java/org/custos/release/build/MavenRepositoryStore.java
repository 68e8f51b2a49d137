package org.custos.release.build;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** A Maven local repository read as a {@link DependencyStore}; nothing is downloaded into it. */
record MavenRepositoryStore(Path repository) implements DependencyStore {

    MavenRepositoryStore {
        Objects.requireNonNull(repository, "repository");
    }

    @Override
    public Path resolve(LockedDependency dependency) throws NoSuchFileException {
        Path file = repository.resolve(dependency.groupId().replace('.', '/'))
                .resolve(dependency.artifactId())
                .resolve(dependency.version())
                .resolve(dependency.fileName());
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not in the Maven repository " + repository
                    + "; fetch it with mvn dependency:get -Dartifact=" + dependency.coordinates());
        }
        return file;
    }

    @Override
    public String toString() {
        return "the Maven repository " + repository;
    }
}

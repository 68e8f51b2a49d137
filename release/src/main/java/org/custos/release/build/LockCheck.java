package org.custos.release.build;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a lock against the class path Maven resolved for the engine, so that the lock kept in the repository
 * can never drift from the build: each third-party jar on the class path must have its line, with its bytes,
 * and the lock may hold nothing else. The project's own modules are not on that class path (their sources are
 * in the archive).
 */
final class LockCheck {

    private LockCheck() {
    }

    /**
     * The dependencies a class path holds, in its order, each read from its jar in the Maven repository.
     *
     * @throws IOException when an entry is not a jar inside {@code repository} or cannot be read
     */
    static List<LockedDependency> resolve(String classPath, Path repository) throws IOException {
        Path root = repository.toRealPath();
        List<LockedDependency> out = new ArrayList<>();
        for (String element : classPath.split(File.pathSeparator)) {
            if (element.isBlank()) {
                continue;
            }
            Path jar = Path.of(element).toRealPath();
            if (!jar.startsWith(root) || !Files.isRegularFile(jar) || root.relativize(jar).getNameCount() < 4) {
                throw new IOException("class path entry " + element + " is not a jar in the Maven repository "
                        + repository + "; the bundle's dependencies come from the repository only (the project's"
                        + " own modules are built from the source archive)");
            }
            Path relative = root.relativize(jar);
            int n = relative.getNameCount();
            String group = relative.subpath(0, n - 3).toString().replace(File.separatorChar, '.');
            String coordinates = group + ":" + relative.getName(n - 3) + ":" + relative.getName(n - 2);
            try {
                out.add(new LockedDependency(coordinates, relative.getName(n - 1).toString(),
                        Digests.sha256Hex(Files.readAllBytes(jar))));
            } catch (IllegalArgumentException e) {
                throw new IOException("class path entry " + element + " cannot be locked: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** What to change in {@code deps.lock} so that it pins exactly {@code resolved}; empty when it does. */
    static List<String> problems(List<LockedDependency> lock, List<LockedDependency> resolved) {
        Map<String, LockedDependency> locked = new LinkedHashMap<>();
        lock.forEach(d -> locked.put(d.coordinates(), d));
        List<String> problems = new ArrayList<>();
        for (LockedDependency actual : resolved) {
            LockedDependency pinned = locked.remove(actual.coordinates());
            if (pinned == null) {
                problems.add("deps.lock lacks " + actual.coordinates() + ", which the engine uses; add the line: "
                        + actual.lockLine());
            } else if (!pinned.equals(actual)) {
                problems.add("deps.lock pins " + pinned.coordinates() + " as " + pinned.fileName() + " "
                        + pinned.digest() + ", but the build resolved " + actual.fileName() + " "
                        + actual.digest() + "; change its line to: " + actual.lockLine());
            }
        }
        for (LockedDependency extra : locked.values()) {
            problems.add("deps.lock pins " + extra.coordinates() + ", which the engine does not use; remove the"
                    + " line: " + extra.lockLine());
        }
        return problems;
    }
}

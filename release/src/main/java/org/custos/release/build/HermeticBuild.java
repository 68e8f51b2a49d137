package org.custos.release.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds an algorithm bundle from its source archive: offline, from pinned inputs only, to the same bytes.
 *
 * <h2>Why the project builds the bundle itself</h2>
 * The custodian approves a bundle only if rebuilding its source gives the same digest, and a regulator repeats
 * that rebuild with the project's tool. Both must be hermetic: the same source archive must mean the same
 * inputs. A Maven rebuild would resolve a model, plugins and their dependencies over the network, each of which
 * would need pinning (every plugin of every phase, and theirs), and its jar step depends on plugin versions,
 * file system order and host time zones. This builder has three inputs and no others: the source archive (its
 * recipe, lock and sources), the jars the lock pins by SHA-256, and the JDK, whose {@code java.runtime.version}
 * is recorded. It reads no network, no class path of its own and no file outside the work directory and the
 * dependency store. Maven's own build calls it too ({@code BundleTool}), on an archive it has just written, so
 * the bundle Maven ships and every later rebuild take the same path.
 *
 * <h2>Steps</h2>
 * <ol>
 *   <li>Hash and read the archive ({@link SourceArchive}); its recipe ({@link Recipe}) and lock
 *       ({@link LockFile}) must parse and every other entry lie under a source root.</li>
 *   <li>Resolve each locked jar in the {@link DependencyStore}, hash its bytes, refuse any mismatch, and copy
 *       the verified bytes into the work directory: javac and the flattening read that copy, never the store
 *       again, so a jar changed after its check cannot slip in.</li>
 *   <li>Compile the {@code .java} files under the roots, sorted by name, with javac in-process
 *       ({@link Compilation}).</li>
 *   <li>Lay out the jar ({@link BundleLayout}) and write it ({@link DeterministicZip}).</li>
 * </ol>
 * The same archive, the same jars and the same JDK build give a byte-identical bundle in any work directory, on
 * any host, in any time zone.
 */
public final class HermeticBuild {

    private static final System.Logger LOG = System.getLogger(HermeticBuild.class.getName());

    private HermeticBuild() {
    }

    /**
     * Rebuilds the bundle from a source archive, offline: dependencies only from {@code dependencies}, each
     * checked against the archive's lock file.
     *
     * @param workDirectory an empty or absent directory; it ends up holding the extracted sources, the verified
     *                      jars, the classes and the bundle ({@link BuildOutcome#artifact()})
     * @throws BuildFailedException saying what failed and what to do; {@link BuildFailedException#reason()}
     *                              classifies it
     */
    public static BuildOutcome rebuild(Path sourceArchive, DependencyStore dependencies, Path workDirectory)
            throws BuildFailedException {
        return rebuild(sourceArchive, dependencies, workDirectory, Clock.systemUTC());
    }

    static BuildOutcome rebuild(Path sourceArchive, DependencyStore dependencies, Path workDirectory, Clock clock)
            throws BuildFailedException {
        Instant started = clock.instant();
        Path work = prepare(workDirectory);
        Path archiveCopy = work.resolve("source.zip");
        String sourceDigest = copyHashed(sourceArchive, archiveCopy, SourceArchive.MAX_BYTES,
                BuildFailedException.Reason.ARCHIVE_MALFORMED, "the source archive");
        SourceArchive.Contents contents = SourceArchive.read(archiveCopy);
        Recipe recipe = contents.recipe();

        List<Path> classPath = new ArrayList<>();
        Path jars = work.resolve("deps");
        for (LockedDependency dependency : contents.lock()) {
            classPath.add(verified(dependency, dependencies, jars));
        }

        Path sourceDirectory = work.resolve("src");
        List<Path> javaFiles = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : contents.sources().entrySet()) {
            Path file = sourceDirectory.resolve(entry.getKey());
            write(file, entry.getValue());
            if (entry.getKey().endsWith(".java")) {
                javaFiles.add(file);
            }
        }
        if (javaFiles.isEmpty()) {
            throw new BuildFailedException(BuildFailedException.Reason.COMPILATION_FAILED,
                    "the source roots " + recipe.sourceRoots() + " hold no .java file");
        }
        var classes = Compilation.compile(recipe, sourceDirectory, javaFiles, classPath, work.resolve("classes"));

        BundleLayout layout = new BundleLayout(recipe);
        layout.addCompiled(classes);
        for (int i = 0; i < contents.lock().size(); i++) {
            layout.addDependency(contents.lock().get(i), classPath.get(i));
        }
        byte[] bundle;
        try {
            bundle = layout.toBytes(contents.recipeBytes(), contents.lockBytes());
        } catch (IOException e) {
            throw new BuildFailedException(BuildFailedException.Reason.IO_FAILED,
                    "could not lay out the bundle: " + e.getMessage(), e);
        }
        Path artifact = work.resolve(recipe.jarName());
        write(artifact, bundle);

        String runtime = System.getProperty("java.runtime.version");
        if (!runtime.equals(recipe.jdkExpected())) {
            LOG.log(System.Logger.Level.WARNING, "rebuilt {0} on JDK {1}, but its recipe names JDK {2}: javac''s"
                    + " output may differ between JDK builds, so a digest mismatch may be the JDK''s doing",
                    recipe.jarName(), runtime, recipe.jdkExpected());
        }
        return new BuildOutcome(artifact, Digests.sha256(bundle), sourceDigest, recipe, contents.lock(), runtime,
                started, clock.instant());
    }

    private static Path prepare(Path workDirectory) throws BuildFailedException {
        try {
            Files.createDirectories(workDirectory);
            try (DirectoryStream<Path> children = Files.newDirectoryStream(workDirectory)) {
                if (children.iterator().hasNext()) {
                    throw new BuildFailedException(BuildFailedException.Reason.WORK_DIRECTORY_NOT_EMPTY,
                            "the work directory " + workDirectory + " is not empty; a rebuild starts from an empty"
                                    + " directory so that no earlier file can enter the bundle");
                }
            }
            return workDirectory.toRealPath();
        } catch (IOException e) {
            throw new BuildFailedException(BuildFailedException.Reason.IO_FAILED,
                    "could not create the work directory " + workDirectory + ": " + e.getMessage(), e);
        }
    }

    private static Path verified(LockedDependency dependency, DependencyStore store, Path jars)
            throws BuildFailedException {
        Path source;
        try {
            source = store.resolve(dependency);
        } catch (IOException e) {
            throw new BuildFailedException(BuildFailedException.Reason.DEPENDENCY_MISSING,
                    "deps.lock pins " + dependency.coordinates() + " (" + dependency.fileName() + "), which "
                            + store + " does not hold (" + e.getMessage() + "); put the pinned jar there", e);
        }
        Path copy = jars.resolve(dependency.fileName());
        String actual = copyHashed(source, copy, SourceArchive.MAX_BYTES,
                BuildFailedException.Reason.DEPENDENCY_MISSING, dependency.fileName());
        if (!actual.equals(dependency.digest())) {
            throw new BuildFailedException(BuildFailedException.Reason.DEPENDENCY_MISMATCH,
                    dependency.fileName() + " (" + dependency.coordinates() + ") does not match deps.lock: expected "
                            + dependency.digest() + ", actual " + actual + " (" + source + "); restore the pinned"
                            + " jar, or if the new bytes are intended, change its line in deps.lock to: "
                            + new LockedDependency(dependency.coordinates(), dependency.fileName(),
                                    actual.substring("sha256:".length())).lockLine());
        }
        return copy;
    }

    /** Copies {@code from} to {@code to} and returns the digest of exactly the bytes written. */
    private static String copyHashed(Path from, Path to, long limit, BuildFailedException.Reason reason,
                                     String what) throws BuildFailedException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(from)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw new BuildFailedException(reason, "could not read " + what + " at " + from + ": " + e.getMessage(),
                    e);
        }
        if (bytes.length > limit) {
            throw new BuildFailedException(reason, what + " at " + from + " is larger than " + limit + " bytes");
        }
        write(to, bytes);
        return Digests.sha256(bytes);
    }

    private static void write(Path file, byte[] bytes) throws BuildFailedException {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new BuildFailedException(BuildFailedException.Reason.IO_FAILED,
                    "could not write " + file + ": " + e.getMessage(), e);
        }
    }
}

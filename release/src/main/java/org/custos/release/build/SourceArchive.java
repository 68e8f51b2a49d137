package org.custos.release.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The source archive of a bundle: everything a rebuild reads besides the locked jars and the JDK. Its SHA-256 is
 * the bundle's source digest.
 *
 * <p>A zip written by {@link DeterministicZip} (stored entries, one fixed time stamp, no directories, extra
 * fields or attributes) holding {@value #RECIPE} (the recipe), {@value #LOCK} (the lock file) and every regular
 * file under the recipe's source roots, named by its path relative to the project root, all sorted by name. The
 * same files give the same archive, byte for byte, whatever the file system's order or the files' times.
 */
public final class SourceArchive {

    /** The recipe's entry name. */
    public static final String RECIPE = "BUILD.properties";
    /** The lock file's entry name. */
    public static final String LOCK = "deps.lock";

    static final int MAX_ENTRIES = 100_000;
    static final long MAX_BYTES = 512L * 1024 * 1024;

    private SourceArchive() {
    }

    /**
     * Writes the source archive of the project at {@code projectRoot} to {@code output} (replacing it).
     *
     * @throws IOException when the recipe or lock is malformed, a source root is missing or empty, or a file under
     *                     a root is a symbolic link or not a regular file (the archive must hold what the tree
     *                     holds, not what a link points at)
     */
    public static Path create(Path projectRoot, Path recipeFile, Path lockFile, Path output) throws IOException {
        byte[] recipeBytes = Files.readAllBytes(recipeFile);
        byte[] lockBytes = Files.readAllBytes(lockFile);
        Recipe recipe;
        try {
            recipe = Recipe.parse(Text.utf8(recipeBytes));
            LockFile.parse(Text.utf8(lockBytes));
        } catch (BuildFailedException e) {
            throw new IOException(e.getMessage() + " (" + recipeFile + ", " + lockFile + ")", e);
        } catch (CharacterCodingException e) {
            throw new IOException(recipeFile + " and " + lockFile + " must be UTF-8", e);
        }
        SortedMap<String, byte[]> entries = new TreeMap<>();
        for (String root : recipe.sourceRoots()) {
            collect(projectRoot, root, entries);
        }
        entries.put(RECIPE, recipeBytes);
        entries.put(LOCK, lockBytes);
        Path target = output.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                // A temporary file is owner-only; the archive is meant to be shared like any build output.
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (OutputStream out = Files.newOutputStream(temp);
                 DeterministicZip zip = new DeterministicZip(out, recipe.outputTimestamp())) {
                for (var entry : entries.entrySet()) {
                    zip.add(entry.getKey(), entry.getValue());
                }
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return output;
    }

    private static void collect(Path projectRoot, String root, SortedMap<String, byte[]> files) throws IOException {
        Path directory = projectRoot.resolve(root);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("source root " + root + " is not a directory under " + projectRoot
                    + "; fix source.roots in " + RECIPE);
        }
        int before = files.size();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                if (Files.isSymbolicLink(path)) {
                    throw new IOException(path + " is a symbolic link; a source root may hold only regular files");
                }
                if (Files.isDirectory(path)) {
                    continue;
                }
                if (!Files.isRegularFile(path)) {
                    throw new IOException(path + " is not a regular file; a source root may hold only regular files");
                }
                String name = root + "/" + directory.relativize(path).toString().replace(path.getFileSystem()
                        .getSeparator(), "/");
                if (!EntryNames.safe(name)) {
                    throw new IOException(path + " has a name the archive cannot hold (backslash or control"
                            + " character); rename it");
                }
                files.put(name, Files.readAllBytes(path));
            }
        }
        if (files.size() == before) {
            throw new IOException("source root " + root + " under " + projectRoot + " holds no files");
        }
    }

    /** What a rebuild reads from an archive, checked: the recipe, the lock, and the files under the roots. */
    record Contents(byte[] recipeBytes, Recipe recipe, byte[] lockBytes, List<LockedDependency> lock,
                    SortedMap<String, byte[]> sources) {
    }

    /**
     * Reads an archive. Entries must be the recipe, the lock or files under the recipe's roots, with safe, unique
     * names; directory entries are ignored. Sizes are bounded so that a hostile archive cannot exhaust the
     * builder.
     */
    static Contents read(Path archive) throws BuildFailedException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            List<? extends ZipEntry> entries = Collections.list((Enumeration<? extends ZipEntry>) zip.entries());
            if (entries.size() > MAX_ENTRIES) {
                throw malformed("it has " + entries.size() + " entries, more than " + MAX_ENTRIES);
            }
            SortedMap<String, byte[]> all = new TreeMap<>();
            long total = 0;
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (!EntryNames.safe(name)) {
                    throw malformed("entry '" + Text.shorten(name) + "' has an unsafe name");
                }
                byte[] content;
                try (InputStream in = zip.getInputStream(entry)) {
                    content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_BYTES - total + 1));
                }
                total += content.length;
                if (total > MAX_BYTES) {
                    throw malformed("its entries hold more than " + MAX_BYTES + " bytes");
                }
                if (all.put(name, content) != null) {
                    throw malformed("entry " + name + " appears twice");
                }
            }
            byte[] recipeBytes = all.remove(RECIPE);
            byte[] lockBytes = all.remove(LOCK);
            if (recipeBytes == null || lockBytes == null) {
                throw malformed("it must hold " + RECIPE + " and " + LOCK + " at its top level");
            }
            Recipe recipe;
            List<LockedDependency> lock;
            try {
                recipe = Recipe.parse(Text.utf8(recipeBytes));
            } catch (CharacterCodingException e) {
                throw new BuildFailedException(BuildFailedException.Reason.RECIPE_MALFORMED,
                        RECIPE + " is not UTF-8", e);
            }
            try {
                lock = LockFile.parse(Text.utf8(lockBytes));
            } catch (CharacterCodingException e) {
                throw new BuildFailedException(BuildFailedException.Reason.LOCK_MALFORMED, LOCK + " is not UTF-8", e);
            }
            for (String name : all.keySet()) {
                if (!recipe.inSourceRoots(name)) {
                    throw malformed("entry " + name + " lies outside every source root " + recipe.sourceRoots());
                }
            }
            return new Contents(recipeBytes, recipe, lockBytes, lock, Collections.unmodifiableSortedMap(all));
        } catch (IOException e) {
            throw new BuildFailedException(BuildFailedException.Reason.ARCHIVE_MALFORMED,
                    "the source archive " + archive.getFileName() + " is not a readable zip (" + e.getMessage()
                            + "); create it with SourceArchive.create", e);
        }
    }

    private static BuildFailedException malformed(String problem) {
        return new BuildFailedException(BuildFailedException.Reason.ARCHIVE_MALFORMED,
                "the source archive is malformed: " + problem + "; create it with SourceArchive.create");
    }
}

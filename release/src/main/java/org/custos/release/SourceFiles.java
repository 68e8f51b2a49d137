package org.custos.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A release's source archive as the review sees it: a zip whose root holds the build recipe
 * ({@value #RECIPE}) and the lock file ({@value #LOCK}) beside the source trees. Reading it checks the shape only
 * (the builder reads the recipe and the lock); every file is listed with its digest, so two archives can be
 * compared file by file.
 */
record SourceFiles(SortedMap<String, SourceFile> files) {
    static final String RECIPE = "BUILD.properties";
    static final String LOCK = "deps.lock";
    /** More files than a source tree of the algorithm plausibly has; a bound on what one review reads. */
    static final int MAX_FILES = 20_000;
    /** The most bytes all files may expand to: a bound against zip bombs. */
    static final long MAX_EXPANDED = 512L << 20;

    record SourceFile(Sha256Digest digest, long size) {}

    SourceFiles {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /**
     * Lists and hashes every file of the archive at {@code zip}.
     *
     * @throws ReleaseException {@link ReleaseProblem#INVALID_SOURCE} naming what is wrong
     */
    static SourceFiles read(Path zip) {
        SortedMap<String, SourceFile> files = new TreeMap<>();
        long expanded = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                checkName(name);
                if (entry.isDirectory()) {
                    continue;
                }
                if (files.size() >= MAX_FILES) {
                    throw invalid("the source archive holds more than " + MAX_FILES + " files");
                }
                var digest = Sha256Digest.digest();
                long size = 0;
                try (InputStream in = file.getInputStream(entry)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        size += n;
                        expanded += n;
                        if (expanded > MAX_EXPANDED) {
                            throw invalid("the source archive expands to more than " + MAX_EXPANDED + " bytes");
                        }
                        digest.update(buffer, 0, n);
                    }
                }
                if (files.put(name, new SourceFile(new Sha256Digest(java.util.HexFormat.of()
                        .formatHex(digest.digest())), size)) != null) {
                    throw invalid("the source archive holds " + name + " twice");
                }
            }
        } catch (ZipException e) {
            throw ReleaseException.of(ReleaseProblem.INVALID_SOURCE, "the source archive is not a zip file", e);
        } catch (IOException e) {
            throw ReleaseException.of(ReleaseProblem.INVALID_SOURCE, "the source archive cannot be read: "
                    + e.getMessage(), e);
        }
        for (String required : new String[] {RECIPE, LOCK}) {
            if (!files.containsKey(required)) {
                throw invalid("the source archive has no " + required + " at its root (the build "
                        + (required.equals(RECIPE) ? "recipe" : "lock file") + ")");
            }
        }
        return new SourceFiles(files);
    }

    /** The bytes of {@code name}, at most {@code max} of them (the rest is not read). */
    static byte[] read(Path zip, String name, int max) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(name);
            if (entry == null) {
                throw new java.nio.file.NoSuchFileException(name);
            }
            try (InputStream in = file.getInputStream(entry)) {
                return in.readNBytes(max);
            }
        }
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")
                || ("/" + name + "/").contains("/../") || ("/" + name + "/").contains("/./")
                || name.contains("//")) {
            throw invalid("the source archive has an entry whose name is not a plain relative path");
        }
    }

    private static ReleaseException invalid(String detail) {
        return ReleaseException.of(ReleaseProblem.INVALID_SOURCE, detail);
    }
}

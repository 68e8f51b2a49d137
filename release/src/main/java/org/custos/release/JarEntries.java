package org.custos.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Compares two jars entry by entry: names, bytes and the metadata a reproducible build must fix (time, method,
 * extra fields, comment). Used by the rebuilders to say which entries of a non-matching rebuild differ.
 */
final class JarEntries {
    private JarEntries() {
    }

    static Rebuilder.Difference compare(Path expected, Path actual) throws IOException {
        Map<String, byte[]> a = fingerprints(expected);
        Map<String, byte[]> b = fingerprints(actual);
        List<String> onlyA = new ArrayList<>();
        List<String> onlyB = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (var e : a.entrySet()) {
            byte[] other = b.get(e.getKey());
            if (other == null) {
                onlyA.add(e.getKey());
            } else if (!Arrays.equals(other, e.getValue())) {
                differing.add(e.getKey());
            }
        }
        for (String name : b.keySet()) {
            if (!a.containsKey(name)) {
                onlyB.add(name);
            }
        }
        onlyA.sort(null);
        onlyB.sort(null);
        differing.sort(null);
        return new Rebuilder.Difference(onlyA, onlyB, differing);
    }

    /** Per entry, SHA-256 over its bytes and its metadata, in archive order. */
    private static Map<String, byte[]> fingerprints(Path jar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                var digest = Sha256Digest.digest();
                digest.update((entry.getTime() + "|" + entry.getMethod() + "|" + entry.getComment() + "|")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (entry.getExtra() != null) {
                    digest.update(entry.getExtra());
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    digest.update(in.readAllBytes());
                }
                out.put(entry.getName(), digest.digest());
            }
        }
        return out;
    }
}

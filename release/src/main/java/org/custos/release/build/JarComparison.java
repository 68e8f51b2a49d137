package org.custos.release.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Compares two jars entry by entry: what a reviewer reads when a rebuild's digest differs from the submitted
 * artifact's. Entries are read through the central directory, as the JVM's class loader reads them.
 */
public final class JarComparison {

    private JarComparison() {
    }

    public static JarDifference compare(Path expected, Path actual) throws IOException {
        SortedMap<String, Entry> left = entries(expected);
        SortedMap<String, Entry> right = entries(actual);
        List<String> onlyInExpected = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (var entry : left.entrySet()) {
            Entry other = right.get(entry.getKey());
            if (other == null) {
                onlyInExpected.add(entry.getKey());
            } else if (!entry.getValue().equals(other)) {
                differing.add(entry.getKey());
            }
        }
        List<String> onlyInActual = new ArrayList<>();
        for (String name : right.keySet()) {
            if (!left.containsKey(name)) {
                onlyInActual.add(name);
            }
        }
        return new JarDifference(onlyInExpected, onlyInActual, differing);
    }

    private static SortedMap<String, Entry> entries(Path jar) throws IOException {
        SortedMap<String, Entry> out = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                byte[] content;
                try (InputStream in = zip.getInputStream(entry)) {
                    content = in.readAllBytes();
                }
                out.put(entry.getName(), new Entry(content, entry.getTime(), entry.getMethod(), entry.getExtra(),
                        entry.getComment()));
            }
        }
        return out;
    }

    private record Entry(byte[] content, long time, int method, byte[] extra, String comment) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Entry that && Arrays.equals(content, that.content) && time == that.time
                    && method == that.method && Arrays.equals(extra, that.extra)
                    && Objects.equals(comment, that.comment);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(content);
        }
    }
}

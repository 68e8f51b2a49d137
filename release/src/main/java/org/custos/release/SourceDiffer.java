package org.custos.release;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Compares two source archives file by file and renders the changed text files as unified diffs
 * (java-diff-utils). A file is text when it is valid UTF-8 without NUL bytes and at most {@value #MAX_TEXT} bytes.
 */
final class SourceDiffer {
    static final int MAX_TEXT = 1 << 20;
    private static final int CONTEXT = 3;

    private SourceDiffer() {
    }

    static ReleaseDiff diff(String releaseId, Optional<String> baseId, Optional<Path> baseZip, Path zip,
                            int maxBytes) throws IOException {
        SortedMap<String, SourceFiles.SourceFile> now = SourceFiles.read(zip).files();
        SortedMap<String, SourceFiles.SourceFile> before = baseZip.isPresent()
                ? SourceFiles.read(baseZip.get()).files() : new java.util.TreeMap<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (var file : now.entrySet()) {
            SourceFiles.SourceFile old = before.get(file.getKey());
            if (old == null) {
                added.add(file.getKey());
                shown.add(file.getKey());
            } else if (!old.digest().equals(file.getValue().digest())) {
                changed.add(file.getKey());
                shown.add(file.getKey());
            }
        }
        for (String path : before.keySet()) {
            if (!now.containsKey(path)) {
                removed.add(path);
            }
        }
        List<ReleaseDiff.FileDiff> diffs = new ArrayList<>();
        int budget = maxBytes;
        boolean truncated = false;
        for (String path : shown) {
            if (budget <= 0) {
                diffs.add(new ReleaseDiff.FileDiff(path, "omitted", ""));
                truncated = true;
                continue;
            }
            Optional<String> revised = text(SourceFiles.read(zip, path, MAX_TEXT + 1));
            Optional<String> original = before.containsKey(path)
                    ? text(SourceFiles.read(baseZip.orElseThrow(), path, MAX_TEXT + 1)) : Optional.of("");
            if (revised.isEmpty() || original.isEmpty()) {
                diffs.add(new ReleaseDiff.FileDiff(path, "binary", ""));
                continue;
            }
            String unified = unified(path, before.containsKey(path), original.get(), revised.get());
            byte[] utf8 = unified.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > budget) {
                unified = cut(unified, budget) + "\n\\ diff cut at the review's size limit\n";
                truncated = true;
            }
            budget -= utf8.length;
            diffs.add(new ReleaseDiff.FileDiff(path, "text", unified));
        }
        return new ReleaseDiff(releaseId, baseId, added, removed, changed, diffs, truncated);
    }

    static String unified(String path, boolean existed, String original, String revised) {
        List<String> a = original.isEmpty() ? List.of() : original.lines().toList();
        List<String> b = revised.isEmpty() ? List.of() : revised.lines().toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        List<String> lines = UnifiedDiffUtils.generateUnifiedDiff(existed ? "a/" + path : "/dev/null", "b/" + path,
                a, patch, CONTEXT);
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    /** The text of {@code bytes} when they are a text file, else empty. */
    static Optional<String> text(byte[] bytes) {
        if (bytes.length > MAX_TEXT) {
            return Optional.empty();
        }
        for (byte b : bytes) {
            if (b == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static String cut(String text, int maxBytes) {
        int end = Math.min(text.length(), maxBytes);
        while (end > 0 && text.substring(0, end).getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            end = Math.max(0, end - Math.max(1, (end / 16)));
        }
        int line = text.lastIndexOf('\n', Math.max(0, end - 1));
        return line > 0 ? text.substring(0, line) : text.substring(0, end);
    }
}

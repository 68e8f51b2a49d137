package org.custos.release;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed in a release's source archive since the last approved release: files added, removed and changed
 * (by digest), and a unified diff (3 lines of context) of each changed or added text file, in path order, until
 * the configured size cap is reached.
 *
 * @param baseRelease the last approved release compared with, empty when none was approved before (then every
 *     file is added)
 * @param diffs one per changed or added text file; binary files and files past the cap carry no text
 * @param truncated true when the cap cut the diff text
 */
public record ReleaseDiff(String releaseId, Optional<String> baseRelease, List<String> added, List<String> removed,
                          List<String> changed, List<FileDiff> diffs, boolean truncated) {

    public ReleaseDiff {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(baseRelease, "baseRelease");
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
        diffs = List.copyOf(diffs);
    }

    /**
     * @param kind {@code text} (with {@code unified}), {@code binary} (not shown) or {@code omitted} (past the cap)
     */
    public record FileDiff(String path, String kind, String unified) {
        public FileDiff {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(unified, "unified");
        }
    }
}

package org.custos.release.build;

import java.util.List;

/**
 * How two jars differ, entry by entry. Each list is sorted by entry name.
 *
 * @param onlyInExpected entries the expected jar has and the actual one lacks
 * @param onlyInActual   entries the actual jar has and the expected one lacks
 * @param differing      entries both have, with different bytes or different zip metadata (time, method,
 *                       extra field, comment)
 */
public record JarDifference(List<String> onlyInExpected, List<String> onlyInActual, List<String> differing) {

    private static final int LISTED = 50;

    public JarDifference {
        onlyInExpected = List.copyOf(onlyInExpected);
        onlyInActual = List.copyOf(onlyInActual);
        differing = List.copyOf(differing);
    }

    /**
     * Whether both jars hold the same entries with the same bytes and metadata. Two such jars can still have
     * different digests if their entries are in another order or the zip's own comment differs.
     */
    public boolean identical() {
        return onlyInExpected.isEmpty() && onlyInActual.isEmpty() && differing.isEmpty();
    }

    /** A report for a person: how many entries differ and which (at most 50 names per kind). */
    public String describe() {
        if (identical()) {
            return "the jars hold the same entries with the same bytes";
        }
        int count = onlyInExpected.size() + onlyInActual.size() + differing.size();
        StringBuilder out = new StringBuilder(count + (count == 1 ? " entry differs" : " entries differ")
                + " between the expected and the actual jar:");
        list(out, "only in the expected jar", onlyInExpected);
        list(out, "only in the actual jar", onlyInActual);
        list(out, "different bytes or metadata", differing);
        return out.toString();
    }

    private static void list(StringBuilder out, String heading, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        out.append("\n  ").append(heading).append(" (").append(names.size()).append("):");
        names.stream().limit(LISTED).forEach(name -> out.append("\n    ").append(Text.shorten(name)));
        if (names.size() > LISTED) {
            out.append("\n    ... and ").append(names.size() - LISTED).append(" more");
        }
    }
}

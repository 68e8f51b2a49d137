package org.custos.tlog.internal;

import java.util.List;

/** Entries that are durably sequenced at {@code firstIndex, firstIndex + 1, ...} and await integration. */
public record Batch(long firstIndex, List<byte[]> entries) {

    public Batch {
        entries = List.copyOf(entries);
    }
}

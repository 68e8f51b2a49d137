package org.custos.tlog.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link NodeSource} over a list of leaf hashes, for tests, tools and small trees. Nodes are computed on
 * demand and memoised per height.
 */
public final class LeafList implements NodeSource {

    private final List<List<byte[]>> levels = new ArrayList<>();

    public LeafList(List<byte[]> leafHashes) {
        levels.add(new ArrayList<>(leafHashes));
    }

    /** Builds the tree of the given entries. */
    public static LeafList ofEntries(List<byte[]> entries) {
        return new LeafList(entries.stream().map(MerkleHashing::leafHash).toList());
    }

    public long size() {
        return levels.getFirst().size();
    }

    @Override
    public byte[] node(int height, long index) {
        while (levels.size() <= height) {
            List<byte[]> below = levels.getLast();
            List<byte[]> next = new ArrayList<>(below.size() / 2);
            for (int i = 0; i + 1 < below.size(); i += 2) {
                next.add(MerkleHashing.nodeHash(below.get(i), below.get(i + 1)));
            }
            levels.add(next);
        }
        return levels.get(height).get(Math.toIntExact(index));
    }
}

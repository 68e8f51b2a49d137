package org.custos.tlog.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds RFC 9162 section 2.1 root hashes, inclusion proofs and consistency proofs from a {@link NodeSource}.
 *
 * <p>Every recursion step splits a range at the largest power of two smaller than its length, so each range that
 * reaches {@link #rangeHash} is either a perfect, aligned subtree (one {@link NodeSource#node} call) or splits into
 * a perfect left part and a smaller right part: a proof costs O(log n) node reads.
 */
public final class MerkleProofs {

    private MerkleProofs() {}

    /** The root hash of the first {@code size} leaves. */
    public static byte[] rootHash(NodeSource source, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        return size == 0 ? MerkleHashing.emptyRoot() : rangeHash(source, 0, size);
    }

    /** MTH(D[from:to]) for a range whose start is aligned to the largest power of two not above its length. */
    public static byte[] rangeHash(NodeSource source, long from, long to) {
        long length = to - from;
        if (length <= 0) {
            throw new IllegalArgumentException("empty range [" + from + ", " + to + ")");
        }
        if (Long.bitCount(length) == 1 && from % length == 0) {
            return source.node(Long.numberOfTrailingZeros(length), from / length);
        }
        long split = splitPoint(length);
        return MerkleHashing.nodeHash(rangeHash(source, from, from + split), rangeHash(source, from + split, to));
    }

    /** The audit path of leaf {@code index} in the tree of {@code size} leaves, leaf-side first. */
    public static List<byte[]> inclusionProof(NodeSource source, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is outside a tree of size " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(source, index, 0, size, proof);
        return proof;
    }

    /** The consistency proof from the tree of {@code oldSize} leaves to the tree of {@code newSize} leaves. */
    public static List<byte[]> consistencyProof(NodeSource source, long oldSize, long newSize) {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("cannot prove " + oldSize + " -> " + newSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize > 0 && oldSize < newSize) {
            subProof(source, oldSize, 0, newSize, true, proof);
        }
        return proof;
    }

    private static void path(NodeSource source, long index, long from, long to, List<byte[]> proof) {
        long length = to - from;
        if (length == 1) {
            return;
        }
        long split = splitPoint(length);
        if (index - from < split) {
            path(source, index, from, from + split, proof);
            proof.add(rangeHash(source, from + split, to));
        } else {
            path(source, index, from + split, to, proof);
            proof.add(rangeHash(source, from, from + split));
        }
    }

    private static void subProof(NodeSource source, long m, long from, long to, boolean whole, List<byte[]> proof) {
        long length = to - from;
        if (m == length) {
            if (!whole) {
                proof.add(rangeHash(source, from, to));
            }
            return;
        }
        long split = splitPoint(length);
        if (m <= split) {
            subProof(source, m, from, from + split, whole, proof);
            proof.add(rangeHash(source, from + split, to));
        } else {
            subProof(source, m - split, from + split, to, false, proof);
            proof.add(rangeHash(source, from, from + split));
        }
    }

    /** The largest power of two strictly smaller than {@code length} (length at least 2). */
    static long splitPoint(long length) {
        return Long.highestOneBit(length - 1);
    }
}

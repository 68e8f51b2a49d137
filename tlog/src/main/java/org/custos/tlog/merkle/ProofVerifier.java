package org.custos.tlog.merkle;

import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion and consistency proofs. The algorithm decomposes a proof into the "inner" part (below
 * the point where the leaf's path leaves the right border of the tree) and the "border" part, as in RFC 9162
 * section 2.1.3.2 and 2.1.4.2; the checks and their order match transparency-dev/merkle so that its negative probes
 * fail here for the same reasons.
 */
public final class ProofVerifier {

    private ProofVerifier() {}

    /** Throws unless {@code proof} shows that {@code leafHash} is leaf {@code index} of the tree with {@code root}. */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws ProofException {
        byte[] computed = rootFromInclusionProof(index, size, leafHash, proof);
        requireMatch(computed, root, "inclusion proof of leaf " + index + " in tree of size " + size);
    }

    /** The root implied by an inclusion proof. */
    public static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> proof)
            throws ProofException {
        if (index < 0 || size < 0 || Long.compareUnsigned(index, size) >= 0) {
            throw new ProofException("index " + Long.toUnsignedString(index) + " is beyond size " + size);
        }
        if (leafHash.length != MerkleHashing.HASH_SIZE) {
            throw new ProofException("leaf hash has " + leafHash.length + " bytes, want 32");
        }
        checkHashes(proof);
        int inner = innerProofSize(index, size);
        int border = Long.bitCount(index >>> inner);
        if (proof.size() != inner + border) {
            throw new ProofException("wrong proof size " + proof.size() + ", want " + (inner + border));
        }
        byte[] hash = chainInner(leafHash, proof.subList(0, inner), index);
        return chainBorderRight(hash, proof.subList(inner, proof.size()));
    }

    /** Throws unless {@code proof} shows that the tree {@code (oldSize, oldRoot)} is a prefix of the new tree. */
    public static void verifyConsistency(long oldSize, long newSize, List<byte[]> proof, byte[] oldRoot,
            byte[] newRoot) throws ProofException {
        if (oldSize < 0 || newSize < oldSize) {
            throw new ProofException("new size " + newSize + " is smaller than old size " + oldSize);
        }
        if (oldSize == 0) {
            // As transparency-dev/merkle: no proof is meaningful from the empty tree, even to itself. The witness
            // protocol's "old 0" case is handled by the witness before it calls this method.
            throw new ProofException("no consistency proof exists from the empty tree");
        }
        if (oldSize == newSize) {
            if (!proof.isEmpty()) {
                throw new ProofException("sizes are equal (" + oldSize + ") but the proof is not empty");
            }
            requireMatch(oldRoot, newRoot, "roots of two trees of size " + oldSize);
            return;
        }
        if (proof.isEmpty()) {
            throw new ProofException("empty consistency proof from " + oldSize + " to " + newSize);
        }
        checkHashes(proof);
        int inner = innerProofSize(oldSize - 1, newSize);
        int border = Long.bitCount((oldSize - 1) >>> inner);
        int shift = Long.numberOfTrailingZeros(oldSize);
        inner -= shift;
        byte[] seed;
        int start;
        if (oldSize == 1L << shift) {
            seed = oldRoot;
            start = 0;
        } else {
            seed = proof.get(0);
            start = 1;
        }
        if (proof.size() != start + inner + border) {
            throw new ProofException("wrong proof size " + proof.size() + ", want " + (start + inner + border));
        }
        List<byte[]> rest = proof.subList(start, proof.size());
        long mask = (oldSize - 1) >>> shift;
        byte[] hash1 = chainInnerRight(seed, rest.subList(0, inner), mask);
        hash1 = chainBorderRight(hash1, rest.subList(inner, rest.size()));
        requireMatch(hash1, oldRoot, "old root of size " + oldSize);
        byte[] hash2 = chainInner(seed, rest.subList(0, inner), mask);
        hash2 = chainBorderRight(hash2, rest.subList(inner, rest.size()));
        requireMatch(hash2, newRoot, "new root of size " + newSize);
    }

    private static int innerProofSize(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    private static byte[] chainInner(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            seed = ((index >>> i) & 1) == 0
                    ? MerkleHashing.nodeHash(seed, proof.get(i))
                    : MerkleHashing.nodeHash(proof.get(i), seed);
        }
        return seed;
    }

    private static byte[] chainInnerRight(byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                seed = MerkleHashing.nodeHash(proof.get(i), seed);
            }
        }
        return seed;
    }

    private static byte[] chainBorderRight(byte[] seed, List<byte[]> proof) {
        for (byte[] hash : proof) {
            seed = MerkleHashing.nodeHash(hash, seed);
        }
        return seed;
    }

    private static void checkHashes(List<byte[]> proof) throws ProofException {
        for (byte[] hash : proof) {
            if (hash == null || hash.length != MerkleHashing.HASH_SIZE) {
                throw new ProofException("proof hash is not 32 bytes");
            }
        }
    }

    private static void requireMatch(byte[] computed, byte[] expected, String what) throws ProofException {
        if (expected == null || !MessageDigest.isEqual(computed, expected)) {
            throw new ProofException("mismatch: " + what + " does not match the expected hash");
        }
    }
}

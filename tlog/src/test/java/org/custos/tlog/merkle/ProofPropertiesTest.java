package org.custos.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Generated proofs verify, for every index and pair of sizes of random trees. */
class ProofPropertiesTest {

    @Property(tries = 200)
    void inclusionProof_anyLeaf_verifies(@ForAll @IntRange(min = 1, max = 600) int size,
            @ForAll @IntRange(min = 0, max = 599) int rawIndex) throws ProofException {
        int index = rawIndex % size;
        LeafList leaves = tree(size);
        byte[] root = MerkleProofs.rootHash(leaves, size);
        ProofVerifier.verifyInclusion(index, size, leaves.node(0, index),
                MerkleProofs.inclusionProof(leaves, index, size), root);
    }

    @Property(tries = 200)
    void consistencyProof_anySizes_verifies(@ForAll @IntRange(min = 1, max = 600) int a,
            @ForAll @IntRange(min = 1, max = 600) int b) throws ProofException {
        int m = Math.min(a, b);
        int n = Math.max(a, b);
        LeafList leaves = tree(n);
        ProofVerifier.verifyConsistency(m, n, MerkleProofs.consistencyProof(leaves, m, n),
                MerkleProofs.rootHash(leaves, m), MerkleProofs.rootHash(leaves, n));
    }

    @Property(tries = 100)
    void consistencyProof_otherOldRoot_fails(@ForAll @IntRange(min = 1, max = 300) int m,
            @ForAll @IntRange(min = 1, max = 300) int extra) {
        int n = m + extra;
        LeafList leaves = tree(n);
        byte[] wrongOld = MerkleHashing.leafHash("not the old root".getBytes(StandardCharsets.UTF_8));
        boolean failed;
        try {
            ProofVerifier.verifyConsistency(m, n, MerkleProofs.consistencyProof(leaves, m, n), wrongOld,
                    MerkleProofs.rootHash(leaves, n));
            failed = false;
        } catch (ProofException e) {
            failed = true;
        }
        assertThat(failed).isTrue();
    }

    static LeafList tree(int size) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            entries.add(("leaf " + i).getBytes(StandardCharsets.UTF_8));
        }
        return LeafList.ofEntries(entries);
    }
}

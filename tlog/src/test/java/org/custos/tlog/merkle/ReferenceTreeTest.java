package org.custos.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.custos.tlog.Vectors;
import org.junit.jupiter.api.Test;

/** The classic RFC 6962 eight-leaf test tree: hashes, roots and proofs, generated and verified. */
class ReferenceTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    private final JsonNode tree = Vectors.json("rfc6962-reference-tree.json");

    @Test
    void hashing_basics_matchReference() {
        JsonNode basics = tree.get("hasher_basics");
        assertThat(HEX.formatHex(MerkleHashing.emptyRoot())).isEqualTo(basics.get(0).get("want").asText());
        assertThat(HEX.formatHex(MerkleHashing.leafHash(new byte[0]))).isEqualTo(basics.get(1).get("want").asText());
        assertThat(HEX.formatHex(MerkleHashing.leafHash(HEX.parseHex(basics.get(2).get("leaf_input_hex").asText()))))
                .isEqualTo(basics.get(2).get("want").asText());
        assertThat(HEX.formatHex(MerkleHashing.nodeHash(HEX.parseHex(basics.get(3).get("left_hex").asText()),
                HEX.parseHex(basics.get(3).get("right_hex").asText())))).isEqualTo(basics.get(3).get("want").asText());
    }

    @Test
    void rootHash_everyPrefix_matchesReference() {
        LeafList leaves = leaves();
        JsonNode roots = tree.get("roots_by_tree_size");
        for (int size = 0; size < roots.size(); size++) {
            assertThat(HEX.formatHex(MerkleProofs.rootHash(leaves, size))).as("size %d", size)
                    .isEqualTo(roots.get(size).asText());
        }
    }

    @Test
    void inclusionProof_referenceCases_generatedEqualAndVerify() throws ProofException {
        LeafList leaves = leaves();
        for (JsonNode c : tree.get("inclusion_proofs")) {
            long index = c.get("leafIndex").asLong();
            long size = c.get("treeSize").asLong();
            List<byte[]> want = hex(c.get("proof"));
            List<byte[]> got = MerkleProofs.inclusionProof(leaves, index, size);
            assertThat(got).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(want);
            ProofVerifier.verifyInclusion(index, size, leaves.node(0, index), got, MerkleProofs.rootHash(leaves, size));
        }
    }

    @Test
    void consistencyProof_referenceCases_generatedEqualAndVerify() throws ProofException {
        LeafList leaves = leaves();
        for (JsonNode c : tree.get("consistency_proofs")) {
            long m = c.get("size1").asLong();
            long n = c.get("size2").asLong();
            List<byte[]> got = MerkleProofs.consistencyProof(leaves, m, n);
            assertThat(got).usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(hex(c.get("proof")));
            ProofVerifier.verifyConsistency(m, n, got, MerkleProofs.rootHash(leaves, m), MerkleProofs.rootHash(leaves, n));
        }
    }

    @Test
    void verifyInclusion_tamperedProof_fails() {
        LeafList leaves = leaves();
        List<byte[]> proof = new ArrayList<>(MerkleProofs.inclusionProof(leaves, 5, 8));
        byte[] flipped = proof.get(1).clone();
        flipped[0] ^= 1;
        proof.set(1, flipped);
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(5, 8, leaves.node(0, 5), proof,
                MerkleProofs.rootHash(leaves, 8))).isInstanceOf(ProofException.class);
    }

    private LeafList leaves() {
        List<byte[]> entries = new ArrayList<>();
        tree.get("leaf_inputs_hex").forEach(h -> entries.add(HEX.parseHex(h.asText())));
        return LeafList.ofEntries(entries);
    }

    private static List<byte[]> hex(JsonNode list) {
        List<byte[]> out = new ArrayList<>();
        list.forEach(h -> out.add(HEX.parseHex(h.asText())));
        return out;
    }
}

package org.custos.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.custos.tlog.merkle.LeafList;
import org.custos.tlog.merkle.MerkleProofs;

/** Tiles built incrementally describe the same tree as RFC 6962 over the whole list, whatever the pauses. */
class TreeBuilderTest {

    @Property(tries = 40)
    void append_thenResumeFromPartials_sameRootsAndProofsAsDirectTree(
            @ForAll @IntRange(min = 0, max = 70_000) int size, @ForAll @IntRange(min = 0, max = 70_000) int pauseAt) {
        int pause = Math.min(pauseAt, size);
        Map<TileCoordinate, byte[]> store = new HashMap<>();
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            entries.add(("entry " + i).getBytes(StandardCharsets.UTF_8));
        }
        TreeBuilder first = new TreeBuilder();
        for (int i = 0; i < pause; i++) {
            first.append(entries.get(i), t -> store.put(t.coordinate(), t.data()));
        }
        first.partialTiles().forEach(t -> store.put(t.coordinate(), t.data()));
        TreeBuilder resumed = TreeBuilder.resume(pause, store::get);
        assertThat(resumed.rootHash()).isEqualTo(first.rootHash());
        for (int i = pause; i < size; i++) {
            resumed.append(entries.get(i), t -> store.put(t.coordinate(), t.data()));
        }
        resumed.partialTiles().forEach(t -> store.put(t.coordinate(), t.data()));

        LeafList direct = LeafList.ofEntries(entries);
        assertThat(resumed.rootHash()).isEqualTo(MerkleProofs.rootHash(direct, size));
        TiledTree tiled = new TiledTree(store::get, size);
        assertThat(MerkleProofs.rootHash(tiled, size)).isEqualTo(resumed.rootHash());
        if (size > 0) {
            long index = (long) pauseAt * 7919 % size;
            assertThat(MerkleProofs.inclusionProof(tiled, index, size)).usingElementComparator(java.util.Arrays::compare)
                    .containsExactlyElementsOf(MerkleProofs.inclusionProof(direct, index, size));
            TiledTree cached = new TiledTree(store::get, size, new TileCache(8));
            assertThat(MerkleProofs.inclusionProof(cached, index, size)).usingElementComparator(java.util.Arrays::compare)
                    .containsExactlyElementsOf(MerkleProofs.inclusionProof(direct, index, size));
            assertThat(MerkleProofs.rootHash(cached, size)).isEqualTo(resumed.rootHash());
            assertThat(MerkleProofs.consistencyProof(tiled, Math.max(1, pause), size))
                    .usingElementComparator(java.util.Arrays::compare)
                    .containsExactlyElementsOf(MerkleProofs.consistencyProof(direct, Math.max(1, pause), size));
            // The old size's partial tiles are still there for proofs against the earlier checkpoint.
            assertThat(MerkleProofs.rootHash(new TiledTree(store::get, pause), pause))
                    .isEqualTo(MerkleProofs.rootHash(direct, pause));
        }
    }
}

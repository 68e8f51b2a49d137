package org.custos.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.custos.tlog.merkle.MerkleProofs;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.storage.FileLogStore;
import org.custos.tlog.tiles.TiledTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rebuilds reference-log-1000 from its seed, origin and entries and compares every file byte for byte. */
class ReferenceLogTest {

    static final String ORIGIN = "example.com/reference-log";
    static final byte[] SEED = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @TempDir
    static Path dir;
    static TransparencyLog log;
    static final Path reference = Vectors.dir("reference-log-1000");

    @BeforeAll
    static void build() throws Exception {
        NoteSigner signer = NoteSigner.fromSeed(ORIGIN, SEED);
        log = TransparencyLog.open(LogSettings.defaults(dir, signer));
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            entries.add(("entry " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        long first = log.appendAll(entries);
        assertThat(first).isZero();
        log.awaitCheckpoint(999, Duration.ofSeconds(10));
    }

    @Test
    void tilesAndCheckpoint_sameSeedAndEntries_identicalToReference() throws IOException {
        List<String> want = files(reference.resolve("tile"));
        assertThat(files(dir.resolve("tile"))).containsExactlyElementsOf(want);
        for (String file : want) {
            assertThat(Files.readAllBytes(dir.resolve("tile").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(reference.resolve("tile").resolve(file)));
        }
        assertThat(Files.readString(dir.resolve("checkpoint"))).isEqualTo(Files.readString(reference.resolve("checkpoint")));
        assertThat(NoteSignerVkey.of(SEED)).isEqualTo(Files.readString(reference.resolve("vkey")).strip());
    }

    @Test
    void receipt_referenceEntries_identicalToReferenceProofs() throws IOException {
        for (int index : new int[] {0, 500, 999}) {
            assertThat(new String(log.receipt(index), StandardCharsets.UTF_8)).as("entry %d", index)
                    .isEqualTo(Files.readString(reference.resolve("proofs/entry-" + index + ".tlog-proof")));
        }
    }

    @Test
    void consistencyProofs_fromTiles_identicalToReference() throws Exception {
        TiledTree tree = new TiledTree(new FileLogStore(dir).tileReader(), 1000);
        for (int m : new int[] {1, 7, 256, 257, 999}) {
            List<String> lines = MerkleProofs.consistencyProof(tree, m, 1000).stream()
                    .map(h -> Base64.getEncoder().encodeToString(h)).toList();
            assertThat(lines).as("from %d", m).containsExactlyElementsOf(
                    Files.readAllLines(reference.resolve("proofs/consistency-" + m + "-1000.txt")).stream()
                            .filter(l -> !l.isBlank()).toList());
            SignedNote old = SignedNote.parse(Files.readAllBytes(reference.resolve("proofs/checkpoint-" + m)));
            assertThat(Base64.getEncoder().encodeToString(MerkleProofs.rootHash(tree, m)))
                    .isEqualTo(old.text().split("\n")[2]);
        }
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    /** The verifier key string for the reference seed. */
    private static final class NoteSignerVkey {
        static String of(byte[] seed) {
            try {
                return NoteSigner.fromSeed(ORIGIN, seed).verifierKey().encode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

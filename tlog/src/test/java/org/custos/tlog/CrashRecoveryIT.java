package org.custos.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.custos.tlog.merkle.MerkleProofs;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.storage.FileLogStore;
import org.custos.tlog.tiles.EntryBundle;
import org.custos.tlog.tiles.TileLayout;
import org.custos.tlog.tiles.TiledTree;
import org.custos.tlog.verify.LogSource;
import org.custos.tlog.verify.LogVerifier;
import org.custos.tlog.verify.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a log at random moments (mid-batch, mid-tile, mid-checkpoint, wherever the kill lands), restarts it,
 * and checks after every round that no acknowledged entry was lost or re-indexed and that every checkpoint ever
 * published is a prefix of the final tree.
 */
class CrashRecoveryIT {

    private static final int ROUNDS = 8;

    @TempDir
    Path tmp;

    @Test
    void sigkill_randomMoments_noAcknowledgedEntryLostAndCheckpointsConsistent() throws Exception {
        Path dir = tmp.resolve("log");
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        Map<Long, String> published = new ConcurrentHashMap<>();
        List<String> duplicates = new ArrayList<>();
        Random random = new Random(42);
        for (int round = 0; round < ROUNDS; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(), "r" + round)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("ready");
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = lines.readLine()) != null; ) {
                        int space = line.indexOf(' ');
                        long index = Long.parseLong(line.substring(0, space));
                        String previous = acknowledged.putIfAbsent(index, line.substring(space + 1));
                        if (previous != null) {
                            synchronized (duplicates) {
                                duplicates.add(index + ": " + previous + " and " + line.substring(space + 1));
                            }
                        }
                    }
                } catch (Exception e) {
                    // The child was killed.
                }
            });
            long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150 + random.nextInt(900));
            while (System.nanoTime() < killAt) {
                watchCheckpoint(dir, published);
            }
            child.destroyForcibly().waitFor();
            reader.join(5_000);
        }
        assertThat(duplicates).as("indices acknowledged twice").isEmpty();
        assertThat(acknowledged).as("the child must have made progress").hasSizeGreaterThan(100);

        NoteSigner signer = NoteSigner.fromSeed("example.org/crash", CrashChild.SEED);
        long size;
        try (TransparencyLog log = TransparencyLog.open(LogSettings.defaults(dir, signer))) {
            size = Checkpoint.of(log.currentCheckpoint()).size();
        }
        long maxAcked = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(size).isGreaterThan(maxAcked);

        FileLogStore store = new FileLogStore(dir);
        Map<Long, String> logged = new HashMap<>();
        for (long t = 0; t * 256 < size; t++) {
            int width = TileLayout.width(0, t, size);
            byte[] bundle = store.tileReader().read(new org.custos.tlog.tiles.TileCoordinate(-1, t, width));
            List<byte[]> entries = EntryBundle.decode(bundle);
            for (int i = 0; i < entries.size(); i++) {
                logged.put(t * 256 + i, new String(entries.get(i), StandardCharsets.UTF_8));
            }
        }
        acknowledged.forEach((index, entry) -> assertThat(logged.get(index)).as("entry %d", index).isEqualTo(entry));

        TiledTree tree = new TiledTree(store.tileReader(), size);
        assertThat(published).as("checkpoints observed while running").isNotEmpty();
        published.forEach((publishedSize, root) -> assertThat(Base64.getEncoder()
                .encodeToString(MerkleProofs.rootHash(tree, publishedSize))).as("root at %d", publishedSize)
                .isEqualTo(root));

        Verdict verdict = new LogVerifier(signer.verifierKey(), List.of(), tmp.resolve("state"))
                .verify(LogSource.of(dir.toString()), true);
        assertThat(verdict).isInstanceOf(Verdict.Verified.class);
    }

    private static void watchCheckpoint(Path dir, Map<Long, String> published) {
        try {
            Path file = dir.resolve("checkpoint");
            if (Files.exists(file)) {
                Checkpoint checkpoint = Checkpoint.of(SignedNote.parse(Files.readAllBytes(file)));
                String root = Base64.getEncoder().encodeToString(checkpoint.rootHash());
                String previous = published.putIfAbsent(checkpoint.size(), root);
                assertThat(previous == null || previous.equals(root)).as("two roots for size %d", checkpoint.size())
                        .isTrue();
            }
            Thread.sleep(Duration.ofMillis(3));
        } catch (java.io.IOException | org.custos.tlog.note.MalformedNoteException e) {
            // Raced with the rename; the next poll sees a whole file.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.custos.recsys.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.custos.recsys.EngineHealth;
import org.custos.recsys.FeedRequest;
import org.custos.recsys.ForYouEngine;
import org.custos.recsys.InMemoryEventLog;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.Lineage;
import org.custos.recsys.TestCatalog;
import org.custos.recsys.Viewer;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.ForYouEngineFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRestartTest {

    @Test
    void open_afterCrash_restoresSnapshotAndReplaysTheRest(@TempDir Path dir) throws Exception {
        TestCatalog catalog = ForYouEngineFixtures.catalog();
        List<InteractionEvent> events = ForYouEngineFixtures.watches(3_000, 9);
        InMemoryEventLog log = new InMemoryEventLog();

        // an uninterrupted run over all events, for reference
        InMemoryEventLog referenceLog = new InMemoryEventLog();
        referenceLog.append(events);
        Lineage reference;
        try (ForYouEngine engine = ForYouEngine.open(catalog, VisibilityFilter.standard(catalog),
                ForYouEngineFixtures.config(), referenceLog, dir.resolve("reference"), InstantSource.system())) {
            ForYouEngineFixtures.awaitLearnt(engine, events.size());
            reference = engine.snapshot();
        }

        Path snapshots = dir.resolve("live");
        ForYouEngine crashed = ForYouEngine.open(catalog, VisibilityFilter.standard(catalog),
                ForYouEngineFixtures.config(), log, snapshots, InstantSource.system());
        log.append(events.subList(0, 1_000));
        ForYouEngineFixtures.awaitLearnt(crashed, 1_000);
        Lineage atSnapshot = crashed.snapshot();
        log.append(events.subList(1_000, events.size()));
        ForYouEngineFixtures.awaitLearnt(crashed, events.size());
        // the process dies here: no final snapshot; a new one starts over the same folder and stream

        try (ForYouEngine restarted = ForYouEngine.open(catalog, VisibilityFilter.standard(catalog),
                ForYouEngineFixtures.config(), log, snapshots, InstantSource.system())) {
            EngineHealth atStart = restarted.health();
            assertThat(atStart.lastSnapshot()).contains(atSnapshot);
            assertThat(atSnapshot.position()).isEqualTo(1_000);
            assertThat(atSnapshot.events()).isEqualTo(1_000);

            ForYouEngineFixtures.awaitLearnt(restarted, events.size());
            Lineage caughtUp = restarted.snapshot();

            assertThat(caughtUp.events()).isEqualTo(events.size());
            assertThat(caughtUp.dataDigest()).isEqualTo(reference.dataDigest());
            assertThat(caughtUp.firstEvent()).isEqualTo(reference.firstEvent());
            assertThat(caughtUp.lastEvent()).isEqualTo(reference.lastEvent());
            assertThat(caughtUp.codeVersion()).isEqualTo(reference.codeVersion());
            assertThat(restarted.recommend(new FeedRequest(Viewer.member(3), "r1", 10,
                    ForYouEngineFixtures.T0.plusSeconds(4_000)))).hasSize(10);
        } finally {
            crashed.close();
        }
        assertThat(Files.list(snapshots).filter(p -> p.toString().endsWith(".lineage.json"))).isNotEmpty();
    }

    @Test
    void open_afterShutdown_servesTheSamePages(@TempDir Path dir) throws Exception {
        TestCatalog catalog = ForYouEngineFixtures.catalog();
        List<InteractionEvent> events = ForYouEngineFixtures.watches(2_000, 5);
        InMemoryEventLog log = new InMemoryEventLog();
        log.append(events);
        List<List<String>> before = new java.util.ArrayList<>();
        try (ForYouEngine engine = ForYouEngine.open(catalog, VisibilityFilter.standard(catalog),
                ForYouEngineFixtures.config(), log, dir, InstantSource.system())) {
            ForYouEngineFixtures.awaitLearnt(engine, events.size());
            // let the trainer rebuild the embedding index from the final model (every 50 ms in these settings)
            Thread.sleep(300);
            for (long member = 1; member <= 5; member++) {
                before.add(page(engine.recommend(new FeedRequest(Viewer.member(member), "r1", 10,
                        ForYouEngineFixtures.T0.plusSeconds(4_000)))));
            }
        }
        try (ForYouEngine restarted = ForYouEngine.open(catalog, VisibilityFilter.standard(catalog),
                ForYouEngineFixtures.config(), log, dir, InstantSource.system())) {
            for (long member = 1; member <= 5; member++) {
                assertThat(page(restarted.recommend(new FeedRequest(Viewer.member(member), "r1", 10,
                        ForYouEngineFixtures.T0.plusSeconds(4_000))))).as("member %d", member)
                        .isEqualTo(before.get((int) member - 1));
            }
        }
    }

    /** Videos and scores; the source a video is credited to may differ when two sources both found it. */
    private static List<String> page(List<org.custos.recsys.Recommendation> recommendations) {
        return recommendations.stream().map(r -> r.videoId() + "@" + r.score()).toList();
    }

    @Test
    void restoreLatest_damagedNewestFile_fallsBackToOlderSnapshot(@TempDir Path dir) throws Exception {
        SnapshotStore store = new SnapshotStore(dir, 3);
        Lineage first = new Lineage(java.time.Instant.EPOCH, java.time.Instant.EPOCH, 0, 0, "00", 10, "v");
        Lineage second = new Lineage(java.time.Instant.EPOCH, java.time.Instant.EPOCH, 0, 0, "00", 20, "v");
        store.write(first, out -> out.writeUTF("state one"));
        Path newest = store.write(second, out -> out.writeUTF("state two"));
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 40] ^= 1;
        Files.write(newest, bytes);

        String[] restored = new String[1];
        var lineage = store.restoreLatest(in -> restored[0] = in.readUTF());

        assertThat(lineage).contains(first);
        assertThat(restored[0]).isEqualTo("state one");
        assertThat(store.skipped()).containsExactly(newest.getFileName().toString());
    }

    @Test
    void write_beyondKeep_prunesOldest(@TempDir Path dir) throws Exception {
        SnapshotStore store = new SnapshotStore(dir, 2);
        for (int i = 1; i <= 4; i++) {
            store.write(new Lineage(java.time.Instant.EPOCH, java.time.Instant.EPOCH, 0, 0, "00", i, "v"),
                    out -> out.writeInt(1));
        }
        assertThat(store.snapshots()).extracting(p -> p.getFileName().toString())
                .containsExactly("snapshot-00000000000000000003.bin", "snapshot-00000000000000000004.bin");
    }
}

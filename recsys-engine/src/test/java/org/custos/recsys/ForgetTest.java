package org.custos.recsys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.custos.recsys.FactWorld.T0;
import static org.custos.recsys.FactWorld.author;
import static org.custos.recsys.FactWorld.member;
import static org.custos.recsys.FactWorld.video;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.custos.recsys.api.Audience;
import org.custos.recsys.api.EngineClient;
import org.custos.recsys.api.Fact;
import org.custos.recsys.api.FrameTap;
import org.custos.recsys.api.LocalEngine;
import org.custos.recsys.api.ProtocolViolationException;
import org.custos.recsys.api.RankQuery;
import org.custos.recsys.api.RankedVideo;
import org.custos.recsys.model.FeatureKey;
import org.custos.recsys.training.OnlineEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure through the contract: after {@link Fact.Forgotten}, the bytes of a snapshot hold none of the member's
 * keys: not its pseudonym, not its USER or AUTHOR row, not a cross row with any author or tag it met, not another
 * member's cross row with it as the author.
 */
class ForgetTest {

    /** The member to forget: a fan of author 3 who follows author 6, authored a video, and met a retired author. */
    private static final long MEMBER = member(42);
    private static final long OWN_VIDEO = 7_777;
    private static final int RETIRED_AUTHOR = 19;

    private final List<ProtocolViolationException> violations = new CopyOnWriteArrayList<>();
    private final List<LocalEngine> engines = new ArrayList<>();

    private EngineClient start(ForYouAlgorithm algorithm) {
        LocalEngine engine = LocalEngine.start("forget", algorithm, FrameTap.NONE, violations::add);
        engines.add(engine);
        return engine.client();
    }

    @AfterEach
    void stop() {
        engines.forEach(LocalEngine::close);
        assertThat(violations).isEmpty();
    }

    /** The world, plus the member's own video (watched by others), its follow edges and its binges. */
    private static List<Fact> facts() {
        List<Fact> facts = new ArrayList<>(FactWorld.catalogue());
        facts.add(new Fact.VideoPublished(OWN_VIDEO, MEMBER, 15_000, T0, Audience.PUBLIC, List.of("mine")));
        facts.add(new Fact.Followed(MEMBER, author(6), true));
        facts.add(new Fact.Followed(member(43), MEMBER, true));
        facts.addAll(FactWorld.watches(6_000, 3));
        long at = T0 + 7_000_000L;
        for (int n = 0; n < 200; n++) {
            facts.add(FactWorld.watch(MEMBER, video(n % 2 == 0 ? 3 : RETIRED_AUTHOR, n % 10), at + n, true));
            facts.add(FactWorld.watch(member(n % 50), OWN_VIDEO, at + n, true));
        }
        return facts;
    }

    /** Every key a snapshot could hold about the member, given the world's authors and tags. */
    private static List<Long> memberKeys(List<Long> viewers) {
        List<Long> keys = new ArrayList<>();
        keys.add(MEMBER);
        keys.add(FeatureKey.of(FeatureKey.Field.USER, MEMBER));
        keys.add(FeatureKey.of(FeatureKey.Field.AUTHOR, MEMBER));
        List<Long> authors = new ArrayList<>();
        for (int k = 0; k < FactWorld.AUTHORS; k++) {
            authors.add(author(k));
        }
        authors.add(MEMBER);
        for (long a : authors) {
            keys.add(FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, MEMBER, a));
        }
        List<String> tags = new ArrayList<>(List.of("mine", "t0", "t1", "t2"));
        for (int g = 0; g < 5; g++) {
            tags.add("genre" + g);
        }
        for (String tag : tags) {
            keys.add(FeatureKey.cross(FeatureKey.Field.USER_X_TAG, MEMBER, FeatureKey.of(FeatureKey.Field.TAG, tag)));
        }
        for (long viewer : viewers) {
            keys.add(FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, viewer, MEMBER));
        }
        return keys;
    }

    private static List<Long> viewers() {
        List<Long> viewers = new ArrayList<>();
        for (int i = 0; i < FactWorld.MEMBERS; i++) {
            viewers.add(member(i));
        }
        return viewers;
    }

    private static byte[] snapshot(EngineClient client) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.snapshot(out).get(60, TimeUnit.SECONDS);
        return out.toByteArray();
    }

    private static void send(EngineClient client, List<Fact> facts) throws Exception {
        client.send(facts);
        client.sync().get(60, TimeUnit.SECONDS);
    }

    @Test
    void forgotten_snapshotAfterwards_holdsNoKeyOfTheMember() throws Exception {
        ForYouAlgorithm algorithm = new ForYouAlgorithm(FactWorld.config());
        EngineClient client = start(algorithm);
        send(client, facts());
        // the retired author's videos leave the catalogue before the erasure: its cross rows must still be found
        List<Fact> withdrawals = new ArrayList<>();
        for (int j = 0; j < FactWorld.PER_AUTHOR; j++) {
            withdrawals.add(new Fact.VideoWithdrawn(video(RETIRED_AUTHOR, j)));
        }
        send(client, withdrawals);
        byte[] before = snapshot(client);
        List<Long> keys = memberKeys(viewers());
        long crossWithRetired = FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, MEMBER, author(RETIRED_AUTHOR));
        long crossOfAFan = FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, member(1), MEMBER);
        // the control: the snapshot did hold the member, as a viewer, an author and in cross rows both ways
        assertThat(contains(before, MEMBER)).isTrue();
        assertThat(contains(before, FeatureKey.of(FeatureKey.Field.AUTHOR, MEMBER))).isTrue();
        assertThat(contains(before, FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, MEMBER, author(3)))).isTrue();
        assertThat(contains(before, crossWithRetired)).isTrue();
        assertThat(contains(before, crossOfAFan)).isTrue();
        assertThat(contains(before, FeatureKey.cross(FeatureKey.Field.USER_X_TAG, MEMBER,
                FeatureKey.of(FeatureKey.Field.TAG, "genre3")))).isTrue();
        long rowsBefore = client.telemetry().get(10, TimeUnit.SECONDS).embeddingRows();

        send(client, List.of(new Fact.Forgotten(MEMBER)));
        byte[] after = snapshot(client);

        assertThat(keys).allSatisfy(key -> assertThat(contains(after, key))
                .as("key %016x in the snapshot after the erasure", key).isFalse());
        assertThat(client.telemetry().get(10, TimeUnit.SECONDS).embeddingRows()).isLessThan(rowsBefore);
        OnlineEngine engine = algorithm.engine();
        assertThat(engine.servingModel().contains(FeatureKey.of(FeatureKey.Field.USER, MEMBER))).isFalse();
        assertThat(engine.servingModel().contains(crossOfAFan)).isFalse();
        assertThat(engine.servingModel().contains(FeatureKey.of(FeatureKey.Field.USER, member(41)))).isTrue();
        assertThat(engine.history().videos(MEMBER)).isEmpty();
        FactCatalog catalog = algorithm.catalog();
        assertThat(catalog.followees(MEMBER)).isEmpty();
        assertThat(catalog.followees(member(43))).doesNotContain(MEMBER);
        assertThat(catalog.video(OWN_VIDEO)).isEmpty();
        // others' feeds no longer offer the member's video; the member's pseudonym ranks like a newcomer's
        for (int i = 0; i < 50; i++) {
            assertThat(rank(client, member(i))).extracting(RankedVideo::video).doesNotContain(OWN_VIDEO);
        }
        assertThat(rank(client, MEMBER)).isEqualTo(rank(client, member(9_999)));
    }

    @Test
    void forgotten_afterARestoreWhoseCatalogueLostVideos_stillFindsTheCrossRows() throws Exception {
        EngineClient original = start(new ForYouAlgorithm(FactWorld.config()));
        send(original, facts());
        byte[] snapshot = snapshot(original);

        // the engine restarts; meanwhile the retired author's videos were deleted, so the host does not re-send them
        EngineClient restarted = start(new ForYouAlgorithm(FactWorld.config()));
        restarted.restore(new ByteArrayInputStream(snapshot)).get(60, TimeUnit.SECONDS);
        List<Fact> current = facts().stream().filter(f -> !(f instanceof Fact.Watched)
                && !(f instanceof Fact.VideoPublished p && p.author() == author(RETIRED_AUTHOR))).toList();
        send(restarted, current);
        assertThat(contains(snapshot(restarted), FeatureKey.cross(FeatureKey.Field.USER_X_AUTHOR, MEMBER,
                author(RETIRED_AUTHOR)))).isTrue();

        send(restarted, List.of(new Fact.Forgotten(MEMBER)));

        byte[] after = snapshot(restarted);
        assertThat(memberKeys(viewers())).allSatisfy(key -> assertThat(contains(after, key))
                .as("key %016x", key).isFalse());
    }

    private static List<RankedVideo> rank(EngineClient client, long viewer) throws Exception {
        return client.rank(new RankQuery(viewer, T0 + 8_000_000L, 30), Duration.ofSeconds(30)).get();
    }

    /** Whether the big-endian bytes of {@code key} occur anywhere in {@code bytes}. */
    private static boolean contains(byte[] bytes, long key) {
        byte[] needle = ByteBuffer.allocate(8).putLong(key).array();
        outer:
        for (int i = 0; i + 8 <= bytes.length; i++) {
            for (int j = 0; j < 8; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

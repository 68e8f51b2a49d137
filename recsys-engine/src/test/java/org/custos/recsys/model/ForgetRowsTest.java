package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Erasure of rows from the model: training side, optimiser state, admission counts and serving side. */
class ForgetRowsTest {

    private static final ModelConfig CONFIG = new ModelConfig(8, 2, Duration.ofDays(1), 0.1, 0, 0.01, 5, 16);
    private static final long USER = FeatureKey.of(FeatureKey.Field.USER, 0x0123_4567_89ABL);
    private static final long OTHER = FeatureKey.of(FeatureKey.Field.USER, 77);
    private static final long VIDEO = FeatureKey.of(FeatureKey.Field.VIDEO, 5);

    @Test
    void forget_admittedRow_isGoneWithItsAdmissionCount_andMustBeSeenAgainToComeBack() {
        EmbeddingTable table = new EmbeddingTable(CONFIG);
        table.touch(USER, 0);
        assertThat(table.touch(USER, 1)).isNotNull();
        assertThat(table.sightings(USER)).isEqualTo(2);

        assertThat(table.forget(USER)).isTrue();

        assertThat(table.contains(USER)).isFalse();
        assertThat(table.sightings(USER)).as("the sketch no longer tells the key was seen").isZero();
        assertThat(table.touch(USER, 2)).as("below the admission count again").isNull();
        assertThat(table.forget(USER)).as("nothing left to drop").isFalse();
    }

    @Test
    void forget_thenPublish_servingDropsTheRowsAndSnapshotBytesHoldNoKey() throws IOException {
        TrainingModel trainer = new TrainingModel(CONFIG);
        ServingModel serving = new ServingModel(CONFIG);
        for (int i = 0; i < 20; i++) {
            trainer.learn(new long[] {USER, VIDEO}, 2, new byte[] {1, 1, 0, 1}, i);
            trainer.learn(new long[] {OTHER, VIDEO}, 2, new byte[] {0, 0, 0, 1}, i);
        }
        serving.publish(trainer);
        assertThat(serving.contains(USER)).isTrue();
        assertThat(contains(bytes(trainer), USER)).isTrue();

        int gone = trainer.forget(new long[] {USER, FeatureKey.of(FeatureKey.Field.USER, 999)}, 2);

        assertThat(gone).isEqualTo(1);
        assertThat(serving.contains(USER)).as("serving changes at the next publish, as after expiry").isTrue();
        serving.publish(trainer);
        assertThat(serving.contains(USER)).isFalse();
        assertThat(serving.contains(OTHER)).isTrue();
        assertThat(serving.contains(VIDEO)).as("shared rows stay").isTrue();
        assertThat(contains(bytes(trainer), USER)).isFalse();
        assertThat(contains(bytes(trainer), OTHER)).isTrue();
    }

    @Test
    void forget_rowChangedSinceThePublish_isNeverPublishedAfterTheDrop() {
        TrainingModel trainer = new TrainingModel(CONFIG);
        ServingModel serving = new ServingModel(CONFIG);
        trainer.learn(new long[] {USER, VIDEO}, 2, new byte[] {1, 1, 0, 1}, 0);
        trainer.learn(new long[] {USER, VIDEO}, 2, new byte[] {1, 1, 0, 1}, 1);
        // admitted and changed, not yet published: the drop must win over the pending change

        trainer.forget(new long[] {USER}, 1);
        serving.publish(trainer);

        assertThat(serving.contains(USER)).isFalse();
        assertThat(serving.contains(VIDEO)).isTrue();
    }

    private static byte[] bytes(TrainingModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }

    /** Whether the big-endian bytes of {@code key} occur anywhere in {@code bytes}. */
    static boolean contains(byte[] bytes, long key) {
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

package org.custos.recsys.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingModelTest {

    /** Users 0..49 like even videos, users 50..99 like odd ones: learnable only through the pair terms. */
    private static boolean likes(long user, long video) {
        return (user < 50) == (video % 2 == 0);
    }

    private static int keys(long user, long video, long[] out) {
        out[0] = FeatureKey.of(FeatureKey.Field.USER, user);
        out[1] = FeatureKey.of(FeatureKey.Field.VIDEO, video);
        return 2;
    }

    @Test
    void learn_interactionPattern_lossFallsAndHeldOutAucIsHigh() {
        TrainingModel model = new TrainingModel(ModelConfig.defaults(3).withSeed(3));
        SplittableRandom random = new SplittableRandom(11);
        long[] k = new long[2];
        byte[] labels = new byte[Task.COUNT];
        double early = 0;
        double late = 0;
        int steps = 60_000;
        for (int i = 0; i < steps; i++) {
            long user = random.nextInt(100);
            long video = random.nextInt(40);
            byte y = (byte) (likes(user, video) ? 1 : 0);
            labels[0] = y;
            labels[1] = y;
            labels[2] = -1;
            labels[3] = -1;
            double loss = model.learn(k, keys(user, video, k), labels, i);
            if (i < 5_000) {
                early += loss;
            } else if (i >= steps - 5_000) {
                late += loss;
            }
        }
        assertThat(late).isLessThan(early * 0.5);

        // held out: fresh draws, scored without learning from them
        int n = 2_000;
        double[] scores = new double[n];
        boolean[] truth = new boolean[n];
        double[] p = new double[Task.COUNT];
        for (int i = 0; i < n; i++) {
            long user = random.nextInt(100);
            long video = random.nextInt(40);
            model.predict(k, keys(user, video, k), p);
            scores[i] = p[Task.LONG_VIEW.ordinal()];
            truth[i] = likes(user, video);
        }
        assertThat(auc(scores, truth)).isGreaterThan(0.9);
    }

    @Test
    void learn_unlabelledHead_isNotTrained() {
        TrainingModel model = new TrainingModel(ModelConfig.defaults(1));
        long[] k = new long[2];
        byte[] labels = {1, 1, -1, -1};
        double[] before = new double[Task.COUNT];
        model.predict(k, keys(1, 2, k), before);
        for (int i = 0; i < 200; i++) {
            model.learn(k, keys(1, 2, k), labels, i);
        }
        double[] after = new double[Task.COUNT];
        model.predict(k, keys(1, 2, k), after);

        assertThat(after[Task.CLICK.ordinal()]).isGreaterThan(before[Task.CLICK.ordinal()] + 0.2);
        assertThat(model.global()[Task.LIKE.ordinal()]).isZero();
        assertThat(model.global()[Task.ENGAGE.ordinal()]).isZero();
    }

    @Test
    void learn_groupOfFullParts_trainsEveryItemsRows() {
        // the largest group the buffers must hold: a viewer and 8 items, each with MAX_KEYS distinct keys
        ModelConfig config = new ModelConfig(4, 1, java.time.Duration.ofDays(1), 0.05, 0, 0.01, 5, 16);
        TrainingModel model = new TrainingModel(config);
        int items = 8;
        long[] viewer = new long[TrainingModel.MAX_KEYS];
        long[][] own = new long[items][TrainingModel.MAX_KEYS];
        int[] counts = new int[items];
        byte[][] labels = new byte[items][];
        for (int j = 0; j < TrainingModel.MAX_KEYS; j++) {
            viewer[j] = FeatureKey.of(FeatureKey.Field.USER_ATTRIBUTE, j);
        }
        for (int k = 0; k < items; k++) {
            for (int j = 0; j < TrainingModel.MAX_KEYS; j++) {
                own[k][j] = FeatureKey.of(FeatureKey.Field.VIDEO, k * 1_000 + j);
            }
            counts[k] = TrainingModel.MAX_KEYS;
            labels[k] = new byte[] {-1, -1, -1, k == 0 ? (byte) 1 : 0};
        }

        model.learn(viewer, viewer.length, own, counts, labels, items, 0);

        assertThat(model.updates()).isEqualTo(items);
        assertThat(model.table().size()).isEqualTo((items + 1) * TrainingModel.MAX_KEYS);
    }

    @Test
    void publish_afterExpiry_servingDropsTheRowAndTakesARowAdmittedAgain() {
        ModelConfig config = new ModelConfig(8, 1, java.time.Duration.ofHours(1), 0.1, 0, 0.01, 5, 16);
        TrainingModel trainer = new TrainingModel(config);
        ServingModel serving = new ServingModel(config);
        long[] k = new long[2];
        int n = keys(1, 2, k);
        long later = java.time.Duration.ofHours(3).toMillis();
        for (int i = 0; i < 50; i++) {
            trainer.learn(k, n, new byte[] {1, 1, 1, 1}, i);
        }
        serving.publish(trainer);
        assertThat(serving.size()).isEqualTo(2);

        trainer.expire(later);
        serving.publish(trainer);
        assertThat(serving.size()).isZero();

        trainer.learn(k, n, new byte[] {1, 1, 1, 1}, later);
        serving.publish(trainer);
        assertThat(serving.size()).isEqualTo(2);

        // dropped and admitted again between two publishes: serving must end with the new row, not without it
        long muchLater = later + java.time.Duration.ofHours(3).toMillis();
        trainer.expire(muchLater);
        trainer.learn(k, n, new byte[] {0, 0, 0, 0}, muchLater);
        serving.publish(trainer);
        double[][] out = new double[1][Task.COUNT];
        serving.predictAll(new long[][] {k}, new int[] {n}, out);
        double[] direct = new double[Task.COUNT];
        trainer.predict(k, n, direct);
        assertThat(serving.size()).isEqualTo(2);
        assertThat(out[0]).containsExactly(direct);
    }

    @Test
    void publish_servingSeesTrainerRowsOnlyAfterPublish() {
        ModelConfig config = new ModelConfig(8, 1, java.time.Duration.ofDays(1), 0.1, 0, 0.01, 5, 16);
        TrainingModel trainer = new TrainingModel(config);
        ServingModel serving = new ServingModel(config);
        long[] k = new long[2];
        int n = keys(1, 2, k);
        for (int i = 0; i < 100; i++) {
            trainer.learn(k, n, new byte[] {1, 1, 1, 1}, i);
        }
        double[][] out = new double[1][Task.COUNT];
        serving.predictAll(new long[][] {k}, new int[] {n}, out);
        assertThat(out[0][Task.CLICK.ordinal()]).isEqualTo(0.5);

        long version = serving.publish(trainer);
        serving.predictAll(new long[][] {k}, new int[] {n}, out);
        double[] direct = new double[Task.COUNT];
        trainer.predict(k, n, direct);

        assertThat(version).isEqualTo(1);
        assertThat(out[0][Task.CLICK.ordinal()]).isEqualTo(direct[Task.CLICK.ordinal()]).isGreaterThan(0.9);
        assertThat(serving.size()).isEqualTo(2);
    }

    @Test
    void predictForViewer_sameAsScoringConcatenatedKeys() {
        ModelConfig config = new ModelConfig(8, 1, java.time.Duration.ofDays(1), 0.1, 0, 0.3, 5, 16);
        TrainingModel trainer = new TrainingModel(config);
        ServingModel serving = new ServingModel(config);
        SplittableRandom random = new SplittableRandom(2);
        long[] all = new long[6];
        for (int i = 0; i < 500; i++) {
            for (int j = 0; j < all.length; j++) {
                all[j] = FeatureKey.of(FeatureKey.Field.values()[j], random.nextInt(5));
            }
            trainer.learn(all, all.length, new byte[] {(byte) random.nextInt(2), 1, 0, -1}, i);
        }
        serving.publish(trainer);
        long[] viewer = {FeatureKey.of(FeatureKey.Field.USER, 1), FeatureKey.of(FeatureKey.Field.VIDEO, 9),
            FeatureKey.of(FeatureKey.Field.AUTHOR, 2)};
        long[][] own = {{FeatureKey.of(FeatureKey.Field.TAG, 3), FeatureKey.of(FeatureKey.Field.HOUR, 4)},
            {FeatureKey.of(FeatureKey.Field.DURATION_BUCKET, 0)}};
        double[][] split = new double[2][Task.COUNT];
        serving.predictForViewer(viewer, 3, own, new int[] {2, 1}, split);
        for (int c = 0; c < own.length; c++) {
            long[] joined = java.util.stream.LongStream.concat(java.util.Arrays.stream(viewer),
                    java.util.Arrays.stream(own[c])).toArray();
            double[][] whole = new double[1][Task.COUNT];
            serving.predictAll(new long[][] {joined}, new int[] {joined.length}, whole);
            for (int t = 0; t < Task.COUNT; t++) {
                assertThat(split[c][t]).isCloseTo(whole[0][t], org.assertj.core.api.Assertions.within(1e-5));
            }
        }
        assertThat(split[0][Task.CLICK.ordinal()]).isNotEqualTo(split[1][Task.CLICK.ordinal()]);
    }

    /**
     * The area under the ROC curve: the share of (positive, negative) pairs the scores order correctly, ties
     * counting half (the evaluation's rank-sum AUC, computed by pairs here so that the engine's tests need no
     * evaluation code).
     */
    private static double auc(double[] scores, boolean[] truth) {
        double correct = 0;
        long pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!truth[i]) {
                continue;
            }
            for (int j = 0; j < scores.length; j++) {
                if (truth[j]) {
                    continue;
                }
                pairs++;
                correct += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
            }
        }
        return correct / pairs;
    }
}

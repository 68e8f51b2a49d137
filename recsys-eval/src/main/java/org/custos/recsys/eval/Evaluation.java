package org.custos.recsys.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.FeedRequest;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.Recommendation;
import org.custos.recsys.Viewer;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.model.Task;
import org.custos.recsys.training.OnlineEngine;

/**
 * The offline evaluation protocol on KuaiRand-Pure logs, as a progressive (predict-then-learn) replay:
 * <ol>
 *   <li>the training logs are replayed in time order, in batches, as a stream: the engine learns each batch
 *       and the baselines count it;</li>
 *   <li>top-K: at the moment the test period starts, each test user with at least one long view in the test
 *       period (on a video not shown to them in training) gets a page of 100 from the engine's full pipeline,
 *       and one from popularity over the whole catalogue (most long views in training, minus videos shown to
 *       that user); relevant = the test-period long views;</li>
 *   <li>pointwise: the test log is replayed in batches; every impression of a batch is scored before any of
 *       the batch is learnt, so a prediction uses only events strictly before its batch and never its own
 *       outcome; then the batch is learnt (the engine keeps learning online through the test period).</li>
 * </ol>
 * Optionally, daily batch retraining is compared with online learning day by day: a model trained once per day
 * on all earlier days and frozen for the day, against the online model's progressive predictions.
 */
public final class Evaluation {

    /** The list lengths top-K metrics are reported at. */
    public static final int[] KS = {10, 50, 100};

    /**
     * @param train        training logs (replayed in time order)
     * @param test         test log; MUST start after the training logs end
     * @param features     folder with the KuaiRand feature files
     * @param seeds        one engine run per seed
     * @param batchSize    events per training step of the replay
     * @param compareDaily also run the daily-batch versus online comparison (with the first seed)
     * @param config       engine settings; the model seed is replaced per run
     */
    public record Settings(List<Path> train, Path test, Path features, List<Long> seeds, int batchSize,
                           boolean compareDaily, EngineConfig config) {
        public Settings {
            train = List.copyOf(train);
            seeds = List.copyOf(seeds);
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(features, "features");
            Objects.requireNonNull(config, "config");
            if (train.isEmpty() || seeds.isEmpty() || batchSize < 1) {
                throw new IllegalArgumentException("need at least one training file, one seed and batchSize >= 1");
            }
        }
    }

    private final Settings settings;
    private final PrintStream progress;

    public Evaluation(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs the protocol; returns the report as nested maps, ready for JSON. */
    public Map<String, Object> run() throws IOException {
        List<KuaiRandLog.Row> train = KuaiRandLog.read(settings.train());
        List<KuaiRandLog.Row> loggedTest = KuaiRandLog.read(List.of(settings.test()));
        if (train.isEmpty() || loggedTest.isEmpty()) {
            throw new IllegalArgumentException("training and test logs must both have rows");
        }
        Instant trainEnd = train.getLast().event().at();
        // The log's day column and its millisecond clock disagree near midnight for a few rows; a test row
        // stamped before the last training event would be scored by a model that saw its future, so it is dropped.
        List<KuaiRandLog.Row> test = loggedTest.stream().filter(r -> !r.event().at().isBefore(trainEnd)).toList();
        int dropped = loggedTest.size() - test.size();
        if (test.size() < loggedTest.size() / 2) {
            throw new IllegalArgumentException("most of the test log (" + dropped + " of " + loggedTest.size()
                    + " rows) is stamped before the training logs end (" + trainEnd + "): the split is not by time");
        }
        Instant testStart = test.getFirst().event().at();
        KuaiRandCatalog catalog = KuaiRandCatalog.load(settings.features());
        TopKTruth truth = TopKTruth.of(train, test);

        Map<String, Object> models = new LinkedHashMap<>();
        PointwiseScores.baselines(train, test, settings.batchSize()).forEach(models::put);
        models.put("popularity", Map.of("topk", truth.score(truth.popularityLists(KS[KS.length - 1]))));

        List<Map<String, Object>> engineRuns = new ArrayList<>();
        Map<Integer, double[][]> onlineByDay = null;
        for (long seed : settings.seeds()) {
            EngineRun run = new EngineRun(catalog, settings.config().withModel(settings.config().model().withSeed(seed)),
                    settings.batchSize(), progress);
            Map<String, Object> result = run.run(train, test, truth, testStart, "seed " + seed);
            models.put("engine_seed" + seed, result);
            engineRuns.add(result);
            if (onlineByDay == null) {
                onlineByDay = run.progressiveByDay();
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("dataset", Map.of(
                "train_files", settings.train().stream().map(Path::toString).toList(),
                "test_file", settings.test().toString(),
                "train_impressions", train.size(),
                "test_impressions", test.size(),
                "test_rows_dropped_before_train_end", dropped,
                "topk_users", truth.users().size(),
                "catalogue_videos", catalog.size()));
        report.put("protocol", Map.of(
                "batch_size", settings.batchSize(),
                "seeds", settings.seeds(),
                "topk_relevant", "test-period long views on videos not shown to the user in training",
                "pointwise", "each test batch scored before it is learnt"));
        report.put("models", models);
        report.put("margins", Margins.of(models, settings.seeds()));
        if (settings.compareDaily()) {
            report.put("daily_vs_online", DailyComparison.run(catalog, settings.config().withModel(
                    settings.config().model().withSeed(settings.seeds().getFirst())), train, test,
                    settings.batchSize(), onlineByDay, progress));
        }
        return report;
    }

    /** Users, their relevant test videos and the videos shown to them in training. */
    record TopKTruth(Map<Long, Set<Long>> relevant, Map<Long, Set<Long>> shown, List<Long> popular) {

        static TopKTruth of(List<KuaiRandLog.Row> train, List<KuaiRandLog.Row> test) {
            Map<Long, Set<Long>> shown = new HashMap<>();
            Map<Long, Integer> longViews = new HashMap<>();
            for (KuaiRandLog.Row row : train) {
                InteractionEvent e = row.event();
                shown.computeIfAbsent(e.userId(), u -> new HashSet<>()).add(e.videoId());
                longViews.merge(e.videoId(), e.longView() ? 1 : 0, Integer::sum);
            }
            Map<Long, Set<Long>> relevant = new TreeMap<>();
            for (KuaiRandLog.Row row : test) {
                InteractionEvent e = row.event();
                if (e.longView() && !shown.getOrDefault(e.userId(), Set.of()).contains(e.videoId())) {
                    relevant.computeIfAbsent(e.userId(), u -> new HashSet<>()).add(e.videoId());
                }
            }
            List<Long> popular = new ArrayList<>(longViews.keySet());
            popular.sort((a, b) -> {
                int c = Integer.compare(longViews.get(b), longViews.get(a));
                return c != 0 ? c : Long.compare(a, b);
            });
            return new TopKTruth(relevant, shown, popular);
        }

        Set<Long> users() {
            return relevant.keySet();
        }

        Map<Long, List<Long>> popularityLists(int k) {
            Map<Long, List<Long>> lists = new HashMap<>();
            for (long user : users()) {
                Set<Long> seen = shown.getOrDefault(user, Set.of());
                List<Long> list = new ArrayList<>(k);
                for (long video : popular) {
                    if (list.size() == k) {
                        break;
                    }
                    if (!seen.contains(video)) {
                        list.add(video);
                    }
                }
                lists.put(user, list);
            }
            return lists;
        }

        Map<String, Double> score(Map<Long, List<Long>> lists) {
            Map<String, Double> out = new LinkedHashMap<>();
            for (int k : KS) {
                double recall = 0;
                double ndcg = 0;
                double hit = 0;
                for (long user : users()) {
                    List<Long> list = lists.getOrDefault(user, List.of());
                    recall += Metrics.recall(list, relevant.get(user), k);
                    ndcg += Metrics.ndcg(list, relevant.get(user), k);
                    hit += Metrics.hitRate(list, relevant.get(user), k);
                }
                int n = Math.max(1, users().size());
                out.put("recall@" + k, recall / n);
                out.put("ndcg@" + k, ndcg / n);
                out.put("hitrate@" + k, hit / n);
            }
            return out;
        }
    }

    /** One engine trained by replay, scored on the test period. */
    static final class EngineRun {
        private final KuaiRandCatalog catalog;
        private final EngineConfig config;
        private final int batchSize;
        private final PrintStream progress;
        private final Map<Integer, List<double[]>> byDay = new TreeMap<>();

        EngineRun(KuaiRandCatalog catalog, EngineConfig config, int batchSize, PrintStream progress) {
            this.catalog = catalog;
            this.config = config;
            this.batchSize = batchSize;
            this.progress = progress;
        }

        Map<String, Object> run(List<KuaiRandLog.Row> train, List<KuaiRandLog.Row> test, TopKTruth truth,
                                Instant testStart, String label) {
            catalog.resetFollows();
            OnlineEngine engine = new OnlineEngine(catalog, VisibilityFilter.standard(catalog), config);
            Progress bar = new Progress(progress, "replay " + label, train.size() + test.size());
            replay(engine, train, null, bar, 0);

            catalog.setNow(testStart);
            engine.rebuildIndex();
            Map<Long, List<Long>> lists = new HashMap<>();
            for (long user : truth.users()) {
                List<Recommendation> page = engine.recommend(new FeedRequest(Viewer.member(user), KuaiRandLog.REGION,
                        KS[KS.length - 1], testStart));
                lists.put(user, page.stream().map(Recommendation::videoId).toList());
            }
            double[][] predictions = new double[test.size()][Task.COUNT];
            replay(engine, test, predictions, bar, train.size());
            catalog.setNow(Instant.MAX);

            Map<String, Object> result = new LinkedHashMap<>();
            result.putAll(PointwiseScores.score(test, predictions));
            result.put("topk", truth.score(lists));
            result.put("embedding_rows", engine.trainingModel().table().size());
            return result;
        }

        /** Progressive predictions (click, long view, label click, label long view) per day. */
        Map<Integer, double[][]> progressiveByDay() {
            Map<Integer, double[][]> out = new TreeMap<>();
            byDay.forEach((day, list) -> out.put(day, list.toArray(double[][]::new)));
            return out;
        }

        private void replay(OnlineEngine engine, List<KuaiRandLog.Row> rows, double[][] predictions, Progress bar,
                            long offset) {
            double[][] scratch = new double[batchSize][Task.COUNT];
            for (int start = 0; start < rows.size(); start += batchSize) {
                int end = Math.min(rows.size(), start + batchSize);
                List<InteractionEvent> batch = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) {
                    batch.add(rows.get(i).event());
                }
                engine.score(batch, scratch);
                for (int i = start; i < end; i++) {
                    double[] p = scratch[i - start];
                    InteractionEvent e = rows.get(i).event();
                    byDay.computeIfAbsent(rows.get(i).date(), d -> new ArrayList<>()).add(new double[] {
                            p[Task.CLICK.ordinal()], p[Task.LONG_VIEW.ordinal()], e.validPlay() ? 1 : 0,
                            e.longView() ? 1 : 0});
                    if (predictions != null) {
                        System.arraycopy(p, 0, predictions[i], 0, Task.COUNT);
                    }
                }
                catalog.setNow(batch.getLast().at());
                engine.learn(batch);
                catalog.observe(batch);
                bar.update(offset + end);
            }
        }
    }
}

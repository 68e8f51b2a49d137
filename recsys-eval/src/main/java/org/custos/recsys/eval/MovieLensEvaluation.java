package org.custos.recsys.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.LongFunction;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.FeedRequest;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.Recommendation;
import org.custos.recsys.Viewer;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.training.OnlineEngine;

/**
 * MovieLens-100k under the protocol of Microsoft Recommenders' MovieLens benchmark, so the engine can be placed
 * beside published numbers: a stratified random 75/25 split ({@link MovieLensSplit}), every rating an implicit
 * positive, a list of k per test user that leaves out the user's training items, and precision, recall, nDCG
 * and MAP at k ({@link TopKMetrics}) averaged over test users. The engine learns the training ratings in time
 * order, in batches, each as a long view (liked when rated 4 or 5), and then serves one page of k per user from
 * its full pipeline. Popularity and a SAR-like item-to-item recommender run on the same split.
 */
public final class MovieLensEvaluation {

    /** Watch time given to a rating: any value past the long-view threshold would do. */
    private static final long WATCHED_MS = Duration.ofMinutes(90).toMillis();

    /**
     * @param data       folder with u.data, u.item, u.user
     * @param k          list length
     * @param seeds      one engine run per seed
     * @param splitSeed  seed of the split (the protocol's is 42)
     * @param ratio      share of each group that goes to training (0.75)
     * @param groupBy    the rows split together (the benchmark notebook: by item)
     * @param cut        how many rows of a group go to training
     * @param batchSize  ratings per training step
     * @param config     engine settings; the model seed is replaced per run, candidate counts are raised to the
     *                   catalogue size and fresh-upload exploration is off (see {@link #forCatalogue})
     */
    public record Settings(Path data, int k, List<Long> seeds, long splitSeed, double ratio,
                           MovieLensSplit.GroupBy groupBy, MovieLensSplit.Cut cut, int batchSize,
                           EngineConfig config) {
        public Settings {
            seeds = List.copyOf(seeds);
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(groupBy, "groupBy");
            Objects.requireNonNull(cut, "cut");
            Objects.requireNonNull(config, "config");
            if (k < 1 || k > FeedRequest.MAX_PAGE_SIZE || seeds.isEmpty() || batchSize < 1) {
                throw new IllegalArgumentException("need k in 1.." + FeedRequest.MAX_PAGE_SIZE
                        + ", at least one seed and batchSize >= 1");
            }
        }
    }

    private final Settings settings;
    private final PrintStream progress;

    public MovieLensEvaluation(Settings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs the comparison; returns the report as nested maps, ready for JSON. */
    public Map<String, Object> run() throws IOException {
        MovieLensData data = MovieLensData.read(settings.data());
        MovieLensSplit.Split split = MovieLensSplit.stratified(data.ratings(), settings.ratio(), 1,
                settings.groupBy(), settings.cut(), settings.splitSeed());
        Map<Long, Set<Long>> seen = byUser(split.train());
        Map<Long, Set<Long>> relevant = new TreeMap<>(byUser(split.test()));
        if (relevant.isEmpty() || split.train().isEmpty()) {
            throw new IllegalArgumentException("the split left no training or no test ratings: "
                    + data.ratings().size() + " ratings are too few");
        }
        int k = settings.k();

        Map<String, Object> models = new LinkedHashMap<>();
        MovieLensBaselines baselines = new MovieLensBaselines(split.train());
        models.put("popularity", score(relevant, user -> baselines.popularity(user, seen(seen, user), k)));
        models.put("sar_like", score(relevant, user -> baselines.itemSimilarity(user, seen(seen, user), k)));

        MovieLensCatalog catalog = new MovieLensCatalog(data);
        int mostPerUser = seen.values().stream().mapToInt(Set::size).max().orElse(0);
        EngineConfig config = forCatalogue(settings.config(), catalog.size(), mostPerUser);
        List<InteractionEvent> events = events(split.train());
        Instant servedAt = events.getLast().at().plusSeconds(1);
        List<Map<String, Object>> runs = new ArrayList<>();
        for (long seed : settings.seeds()) {
            Map<String, Object> run = engineRun(catalog, config.withModel(config.model().withSeed(seed)), events,
                    servedAt, relevant, seen, "seed " + seed);
            models.put("engine_seed" + seed, run);
            runs.add(run);
        }

        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("folder", settings.data().toString());
        dataset.put("ratings", data.ratings().size());
        dataset.put("users", data.users().size());
        dataset.put("movies", data.movies().size());
        dataset.put("train_ratings", split.train().size());
        dataset.put("test_ratings", split.test().size());
        dataset.put("test_users", relevant.size());
        report.put("dataset", dataset);
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("split", "stratified random (python_stratified_split), min_rating 1");
        protocol.put("group_by", settings.groupBy().name().toLowerCase(java.util.Locale.ROOT));
        protocol.put("ratio", settings.ratio());
        protocol.put("cut", settings.cut().name().toLowerCase(java.util.Locale.ROOT));
        protocol.put("split_seed", settings.splitSeed());
        protocol.put("k", k);
        protocol.put("relevant", "the user's test ratings, every rating an implicit positive");
        protocol.put("remove_seen", "the user's training items are left out of every list");
        protocol.put("batch_size", settings.batchSize());
        protocol.put("seeds", settings.seeds());
        Map<String, Object> engine = new LinkedHashMap<>();
        engine.put("embedding_candidates", config.embeddingCandidates());
        engine.put("trending_candidates", config.trendingCandidates());
        engine.put("fresh_candidates", config.freshCandidates());
        engine.put("trending_half_life_hours", config.trendingHalfLife().toHours());
        engine.put("history_per_user", config.historyPerUser());
        engine.put("page_rules", config.page().toString());
        protocol.put("engine", engine);
        report.put("protocol", protocol);
        // the README table of Microsoft Recommenders, MovieLens-100k, k = 10 (constants for the printed table)
        Map<String, Double> published = new LinkedHashMap<>();
        published.put("sar", 0.382461);
        published.put("bpr", 0.441997);
        published.put("bivae", 0.475077);
        report.put("published_ndcg@10", published);
        report.put("models", models);
        report.put("engine_mean", mean(runs, k));
        return report;
    }

    /**
     * The settings with every candidate source able to reach the whole catalogue, no fresh-upload exploration
     * (a release date is not an upload to the site: the newest films would get a bonus for being new in 1998),
     * and a watch history long enough to hold every user's training ratings, so the engine's own "seen" rule
     * is exactly the protocol's remove_seen.
     */
    static EngineConfig forCatalogue(EngineConfig c, int catalogue, int mostPerUser) {
        return new EngineConfig(c.model(), c.zone(), Math.max(c.embeddingCandidates(), catalogue),
                Math.max(c.trendingCandidates(), catalogue), c.followedCandidates(), 0,
                c.coEngagedCandidates(), c.freshWindow(),
                c.freshImpressions(), c.explorationBonus(), c.trendingHalfLife(), c.taskWeights(),
                c.valueExponent(), c.negativesPerPositive(), c.popularityWindow(), c.page(),
                Math.max(c.historyPerUser(), mostPerUser), c.batchSize(), c.indexRebuildEvery(), c.snapshotEvery());
    }

    private Map<String, Object> engineRun(MovieLensCatalog catalog, EngineConfig config,
                                          List<InteractionEvent> events, Instant servedAt,
                                          Map<Long, Set<Long>> relevant, Map<Long, Set<Long>> seen, String label) {
        OnlineEngine engine = new OnlineEngine(catalog, VisibilityFilter.standard(catalog), config);
        Progress bar = new Progress(progress, "train " + label, events.size());
        long started = System.nanoTime();
        for (int start = 0; start < events.size(); start += settings.batchSize()) {
            int end = Math.min(events.size(), start + settings.batchSize());
            engine.learn(events.subList(start, end));
            bar.update(end);
        }
        engine.rebuildIndex();
        double trainSeconds = (System.nanoTime() - started) / 1e9;
        started = System.nanoTime();
        int[] leaked = {0};
        Map<String, Object> result = new LinkedHashMap<>(score(relevant, user -> {
            Set<Long> userSeen = seen(seen, user);
            List<Long> page = new ArrayList<>(settings.k());
            for (Recommendation r : engine.recommend(new FeedRequest(Viewer.member(user), MovieLensCatalog.REGION,
                    settings.k(), servedAt))) {
                if (userSeen.contains(r.videoId())) {
                    leaked[0]++;
                } else {
                    page.add(r.videoId());
                }
            }
            return page;
        }));
        result.put("train_seconds", trainSeconds);
        result.put("recommend_seconds", (System.nanoTime() - started) / 1e9);
        result.put("training_items_removed_from_pages", leaked[0]);
        return result;
    }

    private Map<String, Object> score(Map<Long, Set<Long>> relevant, LongFunction<List<Long>> lists) {
        int k = settings.k();
        Map<String, BiFunction<List<Long>, Set<Long>, Double>> metrics = new LinkedHashMap<>();
        metrics.put("precision@" + k, (list, rel) -> TopKMetrics.precision(list, rel, k));
        metrics.put("recall@" + k, (list, rel) -> TopKMetrics.recall(list, rel, k));
        metrics.put("ndcg@" + k, (list, rel) -> TopKMetrics.ndcg(list, rel, k));
        metrics.put("map@" + k, (list, rel) -> TopKMetrics.averagePrecision(list, rel, k));
        metrics.put("map_at_k@" + k, (list, rel) -> TopKMetrics.averagePrecisionAtK(list, rel, k));
        double[] sums = new double[metrics.size()];
        int shortLists = 0;
        for (Map.Entry<Long, Set<Long>> user : relevant.entrySet()) {
            List<Long> list = lists.apply(user.getKey());
            if (list.size() < k) {
                shortLists++;
            }
            int m = 0;
            for (BiFunction<List<Long>, Set<Long>, Double> metric : metrics.values()) {
                sums[m++] += metric.apply(list, user.getValue());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        int m = 0;
        for (String name : metrics.keySet()) {
            out.put(name, sums[m++] / relevant.size());
        }
        out.put("lists_shorter_than_k", shortLists);
        return out;
    }

    private static Map<String, Double> mean(List<Map<String, Object>> runs, int k) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : List.of("precision@" + k, "recall@" + k, "ndcg@" + k, "map@" + k, "map_at_k@" + k)) {
            out.put(name, runs.stream().mapToDouble(r -> (Double) r.get(name)).average().orElse(Double.NaN));
        }
        return out;
    }

    /** Training ratings as long views in time order (ties keep file order), liked when rated 4 or 5. */
    static List<InteractionEvent> events(List<MovieLensData.Rating> train) {
        List<MovieLensData.Rating> ordered = new ArrayList<>(train);
        ordered.sort(Comparator.comparing(MovieLensData.Rating::at));
        List<InteractionEvent> events = new ArrayList<>(ordered.size());
        for (MovieLensData.Rating r : ordered) {
            events.add(new InteractionEvent(r.user(), r.item(), r.at(), WATCHED_MS, true, true, r.rating() >= 4,
                    false, false, 0, MovieLensCatalog.REGION));
        }
        return events;
    }

    private static Map<Long, Set<Long>> byUser(List<MovieLensData.Rating> rows) {
        Map<Long, Set<Long>> out = new HashMap<>();
        for (MovieLensData.Rating r : rows) {
            out.computeIfAbsent(r.user(), u -> new HashSet<>()).add(r.item());
        }
        return out;
    }

    private static Set<Long> seen(Map<Long, Set<Long>> seen, long user) {
        return seen.getOrDefault(user, Set.of());
    }
}

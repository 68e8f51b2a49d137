package org.custos.recsys.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.FeedRequest;
import org.custos.recsys.eval.MovieLensData;
import org.custos.recsys.eval.MovieLensEvaluation;
import org.custos.recsys.eval.MovieLensSplit;
import org.custos.recsys.rerank.PageAssembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code custos recsys movielens}: the engine on MovieLens-100k beside the Microsoft Recommenders benchmark. */
@Command(name = "movielens", mixinStandardHelpOptions = true,
        description = {"Splits MovieLens-100k 75/25 as the Microsoft Recommenders benchmark does, trains the engine "
                + "on the training ratings in time order, and scores a list of k per test user (precision, recall, "
                + "nDCG, MAP) beside popularity and a SAR-like item-to-item baseline."})
final class MovieLensCommand implements Callable<Integer> {

    private static final List<String> FILES = List.of("u.data", "u.item", "u.user");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder with u.data, u.item, u.user.")
    Path data;

    @Option(names = "--json", required = true, paramLabel = "OUT", description = "Where to write the JSON report.")
    Path json;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3",
            description = "Engine seeds (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--k", defaultValue = "10", description = "List length (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--split-seed", defaultValue = "42", description = "Seed of the split (default: ${DEFAULT-VALUE}).")
    long splitSeed;

    @Option(names = "--split-by", defaultValue = "ITEM",
            description = "Rows split together: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    MovieLensSplit.GroupBy splitBy;

    @Option(names = "--cut", defaultValue = "ROUNDED",
            description = "Training rows per group: ROUNDED = round(0.75 n), as behind the published table; "
                    + "FLOOR = floor(0.75 n), the library's current splitter (default: ${DEFAULT-VALUE}).")
    MovieLensSplit.Cut cut;

    @Option(names = "--batch", defaultValue = "64",
            description = "Ratings per training step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--tag-decay", paramLabel = "X",
            description = "Page rule: score factor per earlier same-genre item on a screen, in (0, 1]; 1 turns the "
                    + "genre-diversity rule off (default: the engine's).")
    Double tagDecay;

    @Option(names = "--trending-half-life-hours", paramLabel = "H",
            description = "Half-life of the trending counts (default: the engine's).")
    Long trendingHalfLifeHours;

    @Override
    public Integer call() throws Exception {
        for (String name : FILES) {
            if (!Files.isRegularFile(data.resolve(name))) {
                throw new ParameterException(spec.commandLine(), "--data " + data + " has no " + name);
            }
        }
        if (k < 1 || k > FeedRequest.MAX_PAGE_SIZE || batch < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--k must be in 1.." + FeedRequest.MAX_PAGE_SIZE + " and --batch positive");
        }
        EngineConfig config = settings(EngineConfig.defaults(seeds.getFirst(), ZoneOffset.UTC));
        MovieLensEvaluation evaluation = new MovieLensEvaluation(new MovieLensEvaluation.Settings(
                data, k, seeds, splitSeed, 0.75, splitBy, cut, batch, config), System.err);
        long started = System.nanoTime();
        Map<String, Object> report;
        try {
            report = evaluation.run();
        } catch (MovieLensData.MalformedDataException | NoSuchFileException e) {
            spec.commandLine().getErr().println("error: bad MovieLens data in " + data + ": " + e.getMessage());
            return 1;
        }
        report.put("seconds", (System.nanoTime() - started) / 1e9);
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        System.out.print(table(report, k));
        System.out.println("report written to " + json);
        return 0;
    }

    private EngineConfig settings(EngineConfig d) {
        if ((tagDecay != null && !(tagDecay > 0 && tagDecay <= 1))
                || (trendingHalfLifeHours != null && trendingHalfLifeHours < 1)) {
            throw new ParameterException(spec.commandLine(),
                    "--tag-decay must be in (0, 1] and --trending-half-life-hours at least 1");
        }
        PageAssembler.Rules page = tagDecay == null ? d.page()
                : new PageAssembler.Rules(d.page().maxPerAuthor(), tagDecay, d.page().screen());
        Duration halfLife = trendingHalfLifeHours == null ? d.trendingHalfLife()
                : Duration.ofHours(trendingHalfLifeHours);
        return new EngineConfig(d.model(), d.zone(), d.embeddingCandidates(), d.trendingCandidates(),
                d.followedCandidates(), d.freshCandidates(), d.coEngagedCandidates(), d.freshWindow(),
                d.freshImpressions(),
                d.explorationBonus(), halfLife, d.taskWeights(), d.valueExponent(), d.negativesPerPositive(),
                d.popularityWindow(), page, d.historyPerUser(), d.batchSize(), d.indexRebuildEvery(),
                d.snapshotEvery());
    }

    @SuppressWarnings("unchecked")
    static String table(Map<String, Object> report, int k) {
        List<String> metrics = List.of("precision@" + k, "recall@" + k, "ndcg@" + k, "map@" + k, "map_at_k@" + k);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-16s", "model"));
        metrics.forEach(m -> out.append(String.format(Locale.ROOT, " %12s", m)));
        out.append('\n');
        Map<String, Object> rows = new java.util.LinkedHashMap<>((Map<String, Object>) report.get("models"));
        rows.put("engine_mean", report.get("engine_mean"));
        for (Map.Entry<String, Object> row : rows.entrySet()) {
            Map<String, Object> values = (Map<String, Object>) row.getValue();
            out.append(String.format(Locale.ROOT, "%-16s", row.getKey()));
            for (String m : metrics) {
                out.append(String.format(Locale.ROOT, " %12.4f", (Double) values.get(m)));
            }
            out.append('\n');
        }
        Map<String, Object> published = (Map<String, Object>) report.get("published_ndcg@10");
        out.append("published nDCG@10 (Recommenders, MovieLens-100k): ");
        published.forEach((model, value) -> out.append(model).append(' ').append(value).append("  "));
        out.append('\n');
        return out.toString();
    }
}

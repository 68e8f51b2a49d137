package org.custos.recsys.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.custos.recsys.EngineConfig;
import org.custos.recsys.eval.Evaluation;
import org.custos.recsys.eval.KuaiRandCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code custos recsys eval}: trains by replay on KuaiRand-Pure logs and scores the test log. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Replays KuaiRand-Pure training logs in time order as a stream, scores every test impression "
                + "using only earlier events, and writes a JSON report with the engine and its baselines."})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Training log(s) in the KuaiRand-Pure format.")
    List<Path> train;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "Test log; starts after training.")
    Path test;

    @Option(names = "--features", required = true, paramLabel = "DIR",
            description = "Folder with video_features_basic_pure.csv (and user_features_pure.csv).")
    Path features;

    @Option(names = "--json", required = true, paramLabel = "OUT", description = "Where to write the JSON report.")
    Path json;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Engine seeds (default: ${DEFAULT-VALUE}).")
    List<Long> seeds;

    @Option(names = "--batch", defaultValue = "64", description = "Events per training step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--no-daily", negatable = false,
            description = "Skip the daily-batch versus online comparison.")
    boolean noDaily;

    @Override
    public Integer call() throws Exception {
        for (Path file : train) {
            requireFile(file);
        }
        requireFile(test);
        if (!Files.isRegularFile(features.resolve("video_features_basic_pure.csv"))) {
            throw new ParameterException(spec.commandLine(),
                    "--features " + features + " has no video_features_basic_pure.csv");
        }
        EngineConfig config = EngineConfig.defaults(seeds.getFirst(), KuaiRandCatalog.ZONE);
        Evaluation evaluation = new Evaluation(
                new Evaluation.Settings(train, test, features, seeds, batch, !noDaily, config), System.err);
        long started = System.nanoTime();
        Map<String, Object> report = evaluation.run();
        report.put("seconds", (System.nanoTime() - started) / 1e9);
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        System.out.print(ReportTable.render(report));
        System.out.println("report written to " + json);
        return 0;
    }

    private void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "no such log file: " + file);
        }
    }
}

package org.custos.recsys.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(EvalCommandTest.class.getResource("/kuairand/" + name).toURI());
    }

    @Test
    void eval_kuaiRandSample_writesReportWithEngineAndBaselines(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new RecsysCommand());
        PrintStream previous = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(table, true));
            exit = cli.execute("eval", "--train", fixture("log_train.csv").toString(),
                    "--test", fixture("log_test.csv").toString(),
                    "--features", fixture("log_train.csv").getParent().toString(),
                    "--json", json.toString(), "--seeds", "1,2");
        } finally {
            System.setOut(previous);
        }

        assertThat(exit).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode models = report.get("models");
        for (String baseline : List.of("constant", "item_prior", "user_item_prior")) {
            assertThat(models.get(baseline).get("long_view").get("auc").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(models.get("popularity").get("topk").get("recall@50").asDouble()).isBetween(0.0, 1.0);
        JsonNode engine = models.get("engine_seed1");
        for (String field : List.of("auc", "gauc", "logloss")) {
            assertThat(engine.get("is_click").has(field)).isTrue();
            assertThat(engine.get("long_view").has(field)).isTrue();
        }
        for (String k : List.of("10", "50", "100")) {
            assertThat(engine.get("topk").has("recall@" + k)).isTrue();
            assertThat(engine.get("topk").has("ndcg@" + k)).isTrue();
            assertThat(engine.get("topk").has("hitrate@" + k)).isTrue();
        }
        // the engine learns something real from 5 thousand impressions: better than a coin
        assertThat(engine.get("long_view").get("auc").asDouble()).isGreaterThan(0.6);
        assertThat(models.has("engine_seed2")).isTrue();
        assertThat(report.get("margins").get("long_view_auc_minus_user_item_prior").get("per_seed")).hasSize(2);
        assertThat(report.get("daily_vs_online").get("days").size()).isGreaterThan(5);
        assertThat(table.toString()).contains("engine_seed1", "user_item_prior", "margin");
    }

    @Test
    void eval_missingLog_failsWithNonZeroExitAndNamesTheFile(@TempDir Path dir) throws Exception {
        CommandLine cli = new CommandLine(new RecsysCommand());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cli.setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute("eval", "--train", dir.resolve("nope.csv").toString(),
                "--test", fixture("log_test.csv").toString(), "--features", dir.toString(),
                "--json", dir.resolve("r.json").toString());

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("nope.csv");
    }
}

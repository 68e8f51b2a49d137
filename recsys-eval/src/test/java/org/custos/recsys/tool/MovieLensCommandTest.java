package org.custos.recsys.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MovieLensCommandTest {

    private static Path fixture() throws Exception {
        return Path.of(MovieLensCommandTest.class.getResource("/movielens/u.data").toURI()).getParent();
    }

    private record Run(int exit, String out, String err) {
    }

    /** Runs the command with both output streams captured (the progress bar goes to standard error too). */
    private static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            CommandLine cli = new CommandLine(new RecsysCommand());
            cli.setErr(new PrintWriter(System.err, true));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }

    @Test
    void movielens_syntheticFixture_writesReportWithEveryModelAndMetric(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("out/report.json");

        Run run = run("movielens", "--data", fixture().toString(), "--json", json.toString(), "--seeds", "1,2",
                "--k", "5");

        assertThat(run.exit()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        JsonNode models = report.get("models");
        for (String model : List.of("popularity", "sar_like", "engine_seed1", "engine_seed2")) {
            for (String metric : List.of("precision@5", "recall@5", "ndcg@5", "map@5", "map_at_k@5")) {
                assertThat(models.get(model).get(metric).asDouble()).as(model + " " + metric).isBetween(0.0, 1.0);
            }
        }
        assertThat(models.get("engine_seed1").get("training_items_removed_from_pages").asInt()).isZero();
        assertThat(report.get("engine_mean").has("ndcg@5")).isTrue();
        assertThat(report.get("dataset").get("train_ratings").asInt()
                + report.get("dataset").get("test_ratings").asInt()).isEqualTo(108);
        assertThat(report.get("protocol").get("group_by").asText()).isEqualTo("item");
        assertThat(run.out()).contains("sar_like", "engine_seed2", "published nDCG@10");
    }

    @Test
    void movielens_missingItemFile_failsAndNamesTheFile(@TempDir Path dir) throws Exception {
        Files.copy(fixture().resolve("u.data"), dir.resolve("u.data"));
        Files.copy(fixture().resolve("u.user"), dir.resolve("u.user"));

        Run run = run("movielens", "--data", dir.toString(), "--json", dir.resolve("r.json").toString());

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("u.item");
        assertThat(dir.resolve("r.json")).doesNotExist();
    }

    @Test
    void movielens_malformedRatingLine_failsAndNamesFileAndLine(@TempDir Path dir) throws Exception {
        for (String name : List.of("u.item", "u.user")) {
            Files.copy(fixture().resolve(name), dir.resolve(name));
        }
        Files.writeString(dir.resolve("u.data"), "1\t2\t4\t880000000\n1\t3\tfour\t880000001\n");

        Run run = run("movielens", "--data", dir.toString(), "--json", dir.resolve("r.json").toString());

        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("u.data:2:", "'four'");
        assertThat(dir.resolve("r.json")).doesNotExist();
    }
}

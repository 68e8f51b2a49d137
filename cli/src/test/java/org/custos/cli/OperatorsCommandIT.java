package org.custos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OperatorsCommandIT {

    @TempDir
    Path dataDir;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void create_thenServerStarts_operatorLogsInWithPrintedPassword() throws Exception {
        Run created = run("operators", "create", "--init", "--data-dir", dataDir.toString(),
                "--name", "regulator-1", "--role", "REGULATOR");
        assertThat(created.code()).as(created.err()).isEqualTo(ExitCodes.OK);
        String password = created.out().replaceFirst("(?s).*password: (\\S+).*", "$1");
        assertThat(password).isNotBlank().doesNotContain("\n");

        Run duplicate = run("operators", "create", "--data-dir", dataDir.toString(),
                "--name", "regulator-1", "--role", "REGULATOR");
        assertThat(duplicate.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(duplicate.err()).contains("regulator-1");

        try (CustosServer server = CustosServer.start(ServerConfig.embedded(dataDir, 0), Clock.systemUTC())) {
            HttpResponse<String> session = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.baseUri().resolve(URI.create("/v1/operator-sessions")))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\":\"regulator-1\",\"password\":\"" + password + "\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
        }
    }

    @Test
    void create_inADirectoryWithNoInstance_isRefusedAndCreatesNothing() throws Exception {
        Path mistyped = dataDir.resolve("vra");
        Run refused = run("operators", "create", "--data-dir", mistyped.toString(), "--name", "ops-1", "--role",
                "CUSTODIAN_ADMIN");
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("holds no Custos instance").contains("--init").doesNotContain("\tat ");
        assertThat(refused.out()).doesNotContain("password");
        assertThat(mistyped).doesNotExist();

        Path instance = dataDir.resolve("var");
        try (CustosServer server = CustosServer.start(ServerConfig.embedded(instance, 0), Clock.systemUTC())) {
            assertThat(server.baseUri()).isNotNull();
        }
        Run created = run("operators", "create", "--data-dir", instance.toString(), "--name", "ops-1", "--role",
                "CUSTODIAN_ADMIN");
        assertThat(created.code()).as(created.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void keysRotate_noServerRunning_makesVersionTwoPrimary() {
        Run rotated = run("keys", "rotate", "--data-dir", dataDir.toString());

        assertThat(rotated.code()).as(rotated.err()).isEqualTo(ExitCodes.OK);
        assertThat(rotated.out()).contains("KEK version 2 is primary");

        Run destroyed = run("keys", "destroy-retired", "--data-dir", dataDir.toString());
        Run again = run("keys", "destroy-retired", "--data-dir", dataDir.toString());

        assertThat(destroyed.code()).as(destroyed.err()).isEqualTo(ExitCodes.OK);
        assertThat(destroyed.out()).contains("destroyed KEK versions [1]");
        assertThat(again.out()).contains("no retired KEK version to destroy");
    }
}

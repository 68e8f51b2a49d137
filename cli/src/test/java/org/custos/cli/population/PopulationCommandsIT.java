package org.custos.cli.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.custos.app.accounts.PasswordCost;
import org.custos.app.accounts.RateLimit;
import org.custos.server.CustosServer;
import org.custos.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code simulate} and the {@code up --demo} population against one real in-process server on port 0. */
class PopulationCommandsIT {
    @TempDir
    static Path dataDir;

    private static ServerConfig config;
    private static CustosServer server;

    private record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void start() {
        ServerConfig embedded = ServerConfig.embedded(dataDir, 0);
        // Cheap hashing and no log-in limits: these tests are about the population, not about hashing cost.
        config = embedded.withApp(embedded.app().withPasswordHashing(new PasswordCost(1024, 1, 1), 2, 64)
                .withLoginLimits(new RateLimit(1000, Duration.ofMillis(1)), new RateLimit(1000, Duration.ofMillis(1))));
        server = CustosServer.start(config, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Run simulate(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SimulateCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void simulate_smallPopulationTwiceWithOneSeed_secondRunReusesTheAccounts() {
        String url = server.baseUri().toString();

        Run first = simulate("--url", url, "--users", "6", "--seed", "11", "--sessions", "1", "--parallelism", "2");
        Run second = simulate("--url", url, "--users", "6", "--seed", "11", "--sessions", "1", "--parallelism", "2");

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("simulated 6 users (seed 11)")
                .containsPattern("sign-up +6 ").containsPattern("log-in +6 ").containsPattern("upload +6 ")
                .containsPattern("watch-batch +[1-9]");
        assertThat(first.err()).contains("watch").contains("6/6");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).containsPattern("sign-up +0 .*409: 6").containsPattern("log-in +6 ");
    }

    @Test
    void simulate_nothingListening_exitsTwoNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        Run run = simulate("--url", url, "--users", "2");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("cannot reach a Custos server at " + url);
    }

    @Test
    void demoPopulation_loadedTwice_loadsOnlyTheFirstTime() throws Exception {
        StringWriter first = new StringWriter();
        StringWriter second = new StringWriter();

        DemoPopulation.loadOnce(server, config, new PrintWriter(first, true));
        DemoPopulation.loadOnce(server, config, new PrintWriter(second, true));

        assertThat(first.toString()).contains("users:   12 new").contains("events:  300 new");
        assertThat(second.toString()).contains("not loaded again");
    }
}

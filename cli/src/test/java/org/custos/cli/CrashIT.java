package org.custos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 7 across a crash: a child JVM runs {@code custos up}; N sign-ups are acknowledged (201); right after
 * the last acknowledgement the server process and its PostgreSQL processes are killed with SIGKILL (no shutdown
 * code runs, nothing is flushed on the way out); a new {@code custos up} on the same data directory must let all
 * N users log in. Then SIGTERM stops it gracefully with exit code 0.
 */
class CrashIT {

    private static final int ACCOUNTS = 25;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    @Test
    void sigkillRightAfterAcknowledgedWrites_restartOnSameDataDirectory_findsEveryWrite() throws Exception {
        int port = freePort();
        URI base = URI.create("http://127.0.0.1:" + port);

        Child first = Child.up(dataDir, port);
        assertThat(first.output()).contains("First custodian operator");
        for (int i = 0; i < ACCOUNTS; i++) {
            HttpResponse<String> created = post(base, "/v1/accounts", """
                    {"handle":"crash_%d","displayName":"Crash %d","email":"crash%d@example.org",\
                    "password":"crash-password-%d","birthDate":"1985-03-04","region":"FR"}""".formatted(i, i, i, i));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        first.killEverything();

        Child second = Child.up(dataDir, port);
        assertThat(second.output()).doesNotContain("First custodian operator");
        for (int i = 0; i < ACCOUNTS; i++) {
            HttpResponse<String> session = post(base, "/v1/sessions",
                    "{\"login\":\"crash_%d\",\"password\":\"crash-password-%d\"}".formatted(i, i));
            assertThat(session.statusCode()).as("log-in of crash_" + i + ": " + session.body()).isEqualTo(201);
        }
        assertThat(second.stopGracefully()).isEqualTo(ExitCodes.OK);
        assertThat(dataDir.resolve("pg/postmaster.pid")).doesNotExist();
    }

    private static HttpResponse<String> post(URI base, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A {@code custos up} in its own JVM, with the test's class path. */
    private record Child(Process process, StringBuffer lines, Path dataDir) {

        static Child up(Path dataDir, int port) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                    Main.class.getName(), "up", "--data-dir", dataDir.toString(), "--port", Integer.toString(port));
            builder.environment().put("CUSTOS_LOGIN_LIMIT_PER_ADDRESS", "100000/1ms");
            builder.redirectError(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + "-server.log").toFile()));
            Process process = builder.start();
            StringBuffer lines = new StringBuffer();
            BlockingQueue<String> ready = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.append(line).append('\n');
                        if (line.startsWith("Press Ctrl-C")) {
                            ready.add(line);
                        }
                    }
                } catch (IOException e) {
                    // the child died; the assertions below report it
                }
                ready.add("EOF");
            });
            String signal = ready.poll(120, TimeUnit.SECONDS);
            if (!"Press Ctrl-C to stop.".equals(signal)) {
                process.destroyForcibly();
                throw new AssertionError("custos up did not become ready: " + lines + " (see the -server.log beside "
                        + dataDir + ")");
            }
            return new Child(process, lines, dataDir);
        }

        String output() {
            return lines.toString();
        }

        /** SIGKILL to the server JVM and to every PostgreSQL process of its data directory. */
        void killEverything() throws Exception {
            Optional<ProcessHandle> postmaster = postmaster();
            List<ProcessHandle> victims = new ArrayList<>();
            victims.add(process.toHandle());
            postmaster.ifPresent(pm -> {
                victims.add(pm);
                pm.descendants().forEach(victims::add);
            });
            victims.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle victim : victims) {
                victim.onExit().get(30, TimeUnit.SECONDS);
            }
        }

        int stopGracefully() throws Exception {
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return process.exitValue();
        }

        private Optional<ProcessHandle> postmaster() throws IOException {
            Path pid = dataDir.resolve("pg/postmaster.pid");
            if (!Files.exists(pid)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).strip()));
        }
    }
}

package org.custos.tlog.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator's and the regulator's commands, through picocli, over real files and a real HTTP server. */
class LogCommandIT {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void appendServeVerify_honestLog_verifiesThenDetectsTampering() throws Exception {
        Path dir = tmp.resolve("log");
        Path key = tmp.resolve("log.key");
        Path lines = tmp.resolve("lines.txt");
        Files.writeString(lines, "first\nsecond\nthird");
        Run append = run(new LogCommand(), "append", "--dir", dir.toString(), "--origin", "example.org/audit",
                "--key", key.toString(), "--from", lines.toString());
        assertThat(append.exit()).as(append.err()).isZero();
        assertThat(append.out()).contains("appended 3 entries at indices 0..2");
        assertThat(Files.readString(dir.resolve("checkpoint"))).startsWith("example.org/audit\n3\n");
        String vkey = Files.readString(dir.resolve("vkey")).strip();
        assertThat(vkey).startsWith("example.org/audit+");

        LogServeCommand serve = new LogServeCommand();
        Thread server = Thread.ofVirtual().start(() -> run(serve, "--dir", dir.toString(), "--port", "0"));
        assertThat(serve.started.await(20, TimeUnit.SECONDS)).isTrue();
        String url = "http://localhost:" + serve.boundPort;
        Path state = tmp.resolve("state");
        try {
            Run first = run(new LogCommand(), "verify", "--url", url, "--vkey", vkey, "--state", state.toString(), "--full");
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("VERIFIED").contains("full audit");

            Files.writeString(lines, "fourth\n");
            assertThat(run(new LogCommand(), "append", "--dir", dir.toString(), "--origin", "example.org/audit",
                    "--key", key.toString(), "--from", lines.toString()).exit()).isZero();
            Run second = run(new LogCommand(), "verify", "--url", url, "--vkey", dir.resolve("vkey").toString(),
                    "--state", state.toString());
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(second.out()).contains("consistent with the previously verified example.org/audit@3");

            Run prove = run(new LogCommand(), "prove", "--dir", dir.toString(), "--index", "1");
            assertThat(prove.exit()).isZero();
            Path receipt = tmp.resolve("entry-1.tlog-proof");
            Files.writeString(receipt, prove.out());
            Path entry = tmp.resolve("entry-1");
            Files.writeString(entry, "second");
            assertThat(run(new LogCommand(), "verify", "--vkey", vkey, "--receipt", receipt.toString(), "--entry",
                    entry.toString()).exit()).isZero();
            Files.writeString(entry, "forged");
            Run forged = run(new LogCommand(), "verify", "--vkey", vkey, "--receipt", receipt.toString(), "--entry",
                    entry.toString());
            assertThat(forged.exit()).isEqualTo(1);
            assertThat(forged.err()).contains("MISBEHAVIOUR");

            Path bundle = dir.resolve("tile/entries/000.p/4");
            byte[] bytes = Files.readAllBytes(bundle);
            bytes[3] ^= 1;
            Files.write(bundle, bytes);
            Run tampered = run(new LogCommand(), "verify", "--url", url, "--vkey", vkey, "--state", state.toString(),
                    "--full");
            assertThat(tampered.exit()).as(tampered.out()).isEqualTo(1);
            assertThat(tampered.err()).contains("entry 0 does not hash");
        } finally {
            serve.stop.countDown();
            server.join(10_000);
        }
        Run unreachable = run(new LogCommand(), "verify", "--url", "http://localhost:" + serve.boundPort, "--vkey", vkey,
                "--state", state.toString());
        assertThat(unreachable.exit()).isEqualTo(2);
    }

    /** More entries than the intake holds (65,536) wait for checkpoints instead of failing with pushback. */
    @Test
    void append_moreEntriesThanTheIntakeHolds_waitsForCheckpointsAndAppendsAll() throws Exception {
        int count = 70_000;
        StringBuilder text = new StringBuilder(count * 7);
        for (int i = 0; i < count; i++) {
            text.append('e').append(i).append('\n');
        }
        Path lines = tmp.resolve("many.txt");
        Files.writeString(lines, text);
        Path dir = tmp.resolve("many");
        Run append = run(new LogCommand(), "append", "--dir", dir.toString(), "--origin", "example.org/many",
                "--key", tmp.resolve("many.key").toString(), "--from", lines.toString());
        assertThat(append.exit()).as(append.err()).isZero();
        assertThat(append.err()).doesNotContain("Exception").contains("70000/70000");
        assertThat(append.out()).contains("appended 70000 entries at indices 0..69999");
        assertThat(Files.readString(dir.resolve("checkpoint"))).startsWith("example.org/many\n70000\n");
    }

    @Test
    void verify_forkedLogWithSameKey_reportsMisbehaviour() throws Exception {
        Path key = tmp.resolve("log.key");
        Path honest = tmp.resolve("honest");
        Path fork = tmp.resolve("fork");
        Path lines = tmp.resolve("lines.txt");
        Files.writeString(lines, "a\nb\n");
        run(new LogCommand(), "append", "--dir", honest.toString(), "--origin", "example.org/fork", "--key",
                key.toString(), "--from", lines.toString());
        Files.writeString(lines, "a\nB\nc\n");
        run(new LogCommand(), "append", "--dir", fork.toString(), "--origin", "example.org/fork", "--key",
                key.toString(), "--from", lines.toString());
        String vkey = Files.readString(honest.resolve("vkey")).strip();
        Path state = tmp.resolve("state");
        assertThat(run(new LogCommand(), "verify", "--url", honest.toString(), "--vkey", vkey, "--state",
                state.toString()).exit()).isZero();
        Run forked = run(new LogCommand(), "verify", "--url", fork.toString(), "--vkey", vkey, "--state", state.toString());
        assertThat(forked.exit()).isEqualTo(1);
        assertThat(forked.err()).contains("fork").contains("example.org/fork@2");
    }

    @Test
    void verify_wrongKey_reportsMisbehaviourAndBadKey_couldNotCheck() throws Exception {
        Path lines = tmp.resolve("lines.txt");
        Files.writeString(lines, "x\n");
        run(new LogCommand(), "append", "--dir", tmp.resolve("a").toString(), "--origin", "example.org/a", "--key",
                tmp.resolve("a.key").toString(), "--from", lines.toString());
        run(new LogCommand(), "append", "--dir", tmp.resolve("b").toString(), "--origin", "example.org/a", "--key",
                tmp.resolve("b.key").toString(), "--from", lines.toString());
        String otherKey = Files.readString(tmp.resolve("b/vkey")).strip();
        assertThat(run(new LogCommand(), "verify", "--url", tmp.resolve("a").toString(), "--vkey", otherKey, "--state",
                tmp.resolve("s").toString()).exit()).isEqualTo(1);
        assertThat(run(new LogCommand(), "verify", "--url", tmp.resolve("a").toString(), "--vkey", "not+a+key",
                "--state", tmp.resolve("s").toString()).exit()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("a.key"), StandardCharsets.UTF_8)).startsWith("PRIVATE+KEY+example.org/a+");
    }
}

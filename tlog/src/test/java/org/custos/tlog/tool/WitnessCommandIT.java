package org.custos.tlog.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.custos.tlog.note.Cosigner;
import org.custos.tlog.note.NoteSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code custos witness} and {@code custos log append/verify --witness}, end to end over HTTP. */
class WitnessCommandIT {

    @TempDir
    Path tmp;

    @Test
    void appendWithWitness_cosignedCheckpoint_verifiesOnlyWithThatWitness() throws Exception {
        Path dir = tmp.resolve("log");
        Path lines = tmp.resolve("lines");
        Files.writeString(lines, "one\n");
        assertThat(LogCommandIT.run(new LogCommand(), "append", "--dir", dir.toString(), "--origin", "example.org/w",
                "--key", tmp.resolve("log.key").toString(), "--from", lines.toString()).exit()).isZero();

        WitnessCommand witness = new WitnessCommand();
        Path witnessKey = tmp.resolve("witness.key");
        Thread server = Thread.ofVirtual().start(() -> LogCommandIT.run(witness, "--key", witnessKey.toString(),
                "--name", "witness.example.org/w1", "--log", dir.resolve("vkey").toString(), "--state",
                tmp.resolve("witness.state").toString(), "--port", "0"));
        assertThat(witness.started.await(20, TimeUnit.SECONDS)).isTrue();
        try {
            String witnessVkey = new Cosigner(NoteSigner.parse(Files.readString(witnessKey)), Clock.systemUTC())
                    .verifierKey().encode();
            Files.writeString(lines, "two\nthree\n");
            LogCommandIT.Run append = LogCommandIT.run(new LogCommand(), "append", "--dir", dir.toString(), "--origin",
                    "example.org/w", "--key", tmp.resolve("log.key").toString(), "--from", lines.toString(),
                    "--witness", "http://localhost:" + witness.boundPort + "," + witnessVkey);
            assertThat(append.exit()).as(append.err()).isZero();
            assertThat(Files.readString(dir.resolve("checkpoint"))).contains("\u2014 witness.example.org/w1 ");
            assertThat(Files.readString(tmp.resolve("witness.state"))).startsWith("3 ");

            LogCommandIT.Run verified = LogCommandIT.run(new LogCommand(), "verify", "--url", dir.toString(), "--vkey",
                    dir.resolve("vkey").toString(), "--witness", witnessVkey, "--state", tmp.resolve("s").toString());
            assertThat(verified.exit()).as(verified.err()).isZero();
            assertThat(verified.out()).contains("cosigned by witness.example.org/w1");

            String otherWitness = new Cosigner(NoteSigner.generate("witness.example.org/w2", new java.security.SecureRandom()),
                    Clock.systemUTC()).verifierKey().encode();
            LogCommandIT.Run missing = LogCommandIT.run(new LogCommand(), "verify", "--url", dir.toString(), "--vkey",
                    dir.resolve("vkey").toString(), "--witness", otherWitness, "--state", tmp.resolve("s2").toString());
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("lacks a valid signature by witness.example.org/w2");
        } finally {
            witness.stop.countDown();
            server.join(10_000);
        }
    }
}

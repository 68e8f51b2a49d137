package org.custos.tlog.witness;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.custos.tlog.LogSettings;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.WitnessEndpoint;
import org.custos.tlog.note.Checkpoint;
import org.custos.tlog.note.Cosigner;
import org.custos.tlog.note.NoteSigner;
import org.custos.tlog.note.SignedNote;
import org.custos.tlog.proof.LogReceipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log submitting each checkpoint to a real witness over HTTP, and the witness refusing what it must refuse. */
class WitnessIT {

    @TempDir
    Path tmp;

    @Test
    void log_withWitness_publishesCosignedCheckpointsAndReceipts() throws Exception {
        NoteSigner logKey = NoteSigner.generate("example.org/witnessed", new SecureRandom());
        Cosigner cosigner = new Cosigner(NoteSigner.generate("witness.example.org/w", new SecureRandom()), Clock.systemUTC());
        Witness witness = new Witness(cosigner, Map.of(logKey.name(), List.of(logKey.verifierKey())),
                tmp.resolve("witness-state"));
        WebServer server = WebServer.builder().port(0).routing(r -> WitnessRoutes.register(r, witness)).build().start();
        try {
            LogSettings settings = LogSettings.defaults(tmp.resolve("log"), logKey).withWitnesses(List.of(
                    new WitnessEndpoint(URI.create("http://localhost:" + server.port()), cosigner.verifierKey())));
            try (TransparencyLog log = TransparencyLog.open(settings)) {
                for (int round = 0; round < 3; round++) {
                    long index = log.append(("event " + round).getBytes(StandardCharsets.UTF_8));
                    SignedNote checkpoint = log.awaitCheckpoint(index, Duration.ofSeconds(10));
                    assertThat(checkpoint.verify(List.of(logKey.verifierKey(), cosigner.verifierKey())))
                            .containsExactlyInAnyOrder(logKey.verifierKey(), cosigner.verifierKey());
                }
                LogReceipt receipt = LogReceipt.parse(log.receipt(1));
                Checkpoint covered = receipt.verify("event 1".getBytes(StandardCharsets.UTF_8), logKey.verifierKey(),
                        List.of(cosigner.verifierKey()));
                assertThat(covered.size()).isEqualTo(3);
            }
            // A log that rewrites history under the same key gets no cosignature.
            LogSettings forkSettings = LogSettings.defaults(tmp.resolve("fork"), logKey);
            try (TransparencyLog fork = TransparencyLog.open(forkSettings)) {
                fork.appendAll(List.of("x".getBytes(), "y".getBytes(), "z".getBytes(), "w".getBytes()));
                SignedNote forked = fork.awaitCheckpoint(3, Duration.ofSeconds(10));
                HttpResponse<String> conflict = post(server.port(), "old 0\n\n" + forked.encode());
                assertThat(conflict.statusCode()).isEqualTo(409);
                assertThat(conflict.headers().firstValue("Content-Type")).hasValue("text/x.tlog.size");
                assertThat(conflict.body()).isEqualTo("3\n");
                // A proof that cannot link the witnessed size-3 tree to the forked size-4 tree.
                String bogusProof = java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n";
                HttpResponse<String> inconsistent = post(server.port(), "old 3\n" + bogusProof + bogusProof + "\n"
                        + forked.encode());
                assertThat(inconsistent.statusCode()).isEqualTo(422);
            }
            NoteSigner stranger = NoteSigner.generate("example.org/unknown", new SecureRandom());
            String strangerCheckpoint = stranger.signNote(new Checkpoint(stranger.name(), 1, new byte[32]).body()).encode();
            assertThat(post(server.port(), "old 0\n\n" + strangerCheckpoint).statusCode()).isEqualTo(404);
            NoteSigner impostor = NoteSigner.generate(logKey.name(), new SecureRandom());
            String impostorCheckpoint = impostor.signNote(new Checkpoint(logKey.name(), 9, new byte[32]).body()).encode();
            assertThat(post(server.port(), "old 3\n\n" + impostorCheckpoint).statusCode()).isEqualTo(403);
            assertThat(post(server.port(), "garbage").statusCode()).isEqualTo(400);
        } finally {
            server.stop();
        }
        // State survives a restart of the witness.
        Witness restarted = new Witness(cosigner, Map.of(logKey.name(), List.of(logKey.verifierKey())),
                tmp.resolve("witness-state"));
        assertThat(restarted.addCheckpoint(("old 0\n\n" + logKey.signNote(new Checkpoint(logKey.name(), 3,
                new byte[32]).body()).encode()).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Witness.Outcome.SizeConflict(3));
    }

    @Test
    void addCheckpoint_sameSizeDifferentRoot_conflicts() throws Exception {
        NoteSigner logKey = NoteSigner.generate("example.org/l", new SecureRandom());
        Witness witness = new Witness(new Cosigner(NoteSigner.generate("w", new SecureRandom()), Clock.systemUTC()),
                Map.of(logKey.name(), List.of(logKey.verifierKey())), tmp.resolve("state"));
        byte[] rootA = new byte[32];
        byte[] rootB = new byte[32];
        rootB[0] = 1;
        String a = logKey.signNote(new Checkpoint(logKey.name(), 1, rootA).body()).encode();
        String b = logKey.signNote(new Checkpoint(logKey.name(), 1, rootB).body()).encode();
        assertThat(witness.addCheckpoint(("old 0\n\n" + a).getBytes())).isInstanceOf(Witness.Outcome.Cosigned.class);
        assertThat(witness.addCheckpoint(("old 1\n\n" + b).getBytes()))
                .isInstanceOfSatisfying(Witness.Outcome.Rejected.class, r -> assertThat(r.status()).isEqualTo(409));
        assertThat(witness.addCheckpoint(("old 1\n\n" + a).getBytes())).isInstanceOf(Witness.Outcome.Cosigned.class);
    }

    private static HttpResponse<String> post(int port, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/add-checkpoint")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}

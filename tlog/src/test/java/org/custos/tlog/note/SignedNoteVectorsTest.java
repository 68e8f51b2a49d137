package org.custos.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.custos.tlog.Vectors;
import org.junit.jupiter.api.Test;

/** C2SP signed-note, checkpoint and cosignature vectors, and golang.org/x/mod note vectors. */
class SignedNoteVectorsTest {

    private final JsonNode vectors = Vectors.json("signed-note-vectors.json");

    private JsonNode vector(String id) {
        for (JsonNode v : vectors.get("vectors")) {
            if (v.get("id").asText().equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException(id);
    }

    @Test
    void verify_c2spExample_verifies() throws Exception {
        JsonNode v = vector("c2sp-signed-note-example");
        VerifierKey key = VerifierKey.parse(v.get("vkey").asText());
        assertThat(SignedNote.parse(v.get("note").asText()).verify(List.of(key))).containsExactly(key);
        assertThat(key.encode()).isEqualTo(v.get("vkey").asText());
    }

    @Test
    void sign_goSeed_reproducesSignatureAndKeys() throws Exception {
        JsonNode v = vector("go-note-peterneumann");
        NoteSigner signer = NoteSigner.fromSeed("PeterNeumann", HexFormat.of().parseHex(v.get("ed25519_seed_hex").asText()));
        assertThat(signer.verifierKey().encode()).isEqualTo(v.get("vkey").asText());
        assertThat(signer.encodePrivateKeyInsecurely()).isEqualTo(v.get("skey").asText());
        assertThat(signer.signNote(v.get("text").asText()).encode()).isEqualTo(v.get("note").asText());
        assertThat(NoteSigner.parse(v.get("skey").asText()).verifierKey()).isEqualTo(signer.verifierKey());
        assertThat(signer.toString()).doesNotContain(v.get("skey").asText().substring(40));
    }

    @Test
    void verify_twoSignaturesOneKnownKey_ignoresUnknown() throws Exception {
        JsonNode v = vector("go-note-enochroot-zero-seed");
        SignedNote note = SignedNote.parse(v.get("note").asText());
        VerifierKey peter = VerifierKey.parse(vector("go-note-peterneumann").get("vkey").asText());
        VerifierKey enoch = VerifierKey.parse(v.get("vkey").asText());
        assertThat(note.signatures()).hasSize(2);
        assertThat(note.verify(List.of(peter))).containsExactly(peter);
        assertThat(note.verify(List.of(peter, enoch))).containsExactlyInAnyOrder(peter, enoch);
        assertThat(NoteSigner.fromSeed("EnochRoot", new byte[32]).verifierKey()).isEqualTo(enoch);
    }

    @Test
    void parse_badVerifierKeys_rejected() {
        for (JsonNode bad : vector("go-note-bad-vkeys").get("bad_vkeys")) {
            assertThatThrownBy(() -> VerifierKey.parse(bad.asText())).isInstanceOf(MalformedNoteException.class);
        }
    }

    @Test
    void verify_wrongKeyOnly_rejected() throws Exception {
        JsonNode v = vector("c2sp-signed-note-example");
        VerifierKey other = VerifierKey.parse(vector("go-note-peterneumann").get("vkey").asText());
        assertThatThrownBy(() -> SignedNote.parse(v.get("note").asText()).verify(List.of(other)))
                .isInstanceOf(NoteVerificationException.class);
    }

    @Test
    void verify_tamperedText_rejected() throws Exception {
        JsonNode v = vector("c2sp-signed-note-example");
        VerifierKey key = VerifierKey.parse(v.get("vkey").asText());
        String tampered = v.get("note").asText().replace("example message", "exemple message");
        assertThatThrownBy(() -> SignedNote.parse(tampered).verify(List.of(key)))
                .isInstanceOf(NoteVerificationException.class);
    }

    @Test
    void verify_sumGolangOrgCheckpoints_verify() throws Exception {
        JsonNode real = vectors.get("real_world_checkpoints");
        VerifierKey key = VerifierKey.parse(real.get("vkey").asText());
        for (JsonNode c : real.get("checkpoints")) {
            String note = "go.sum database tree\n" + c.get("size").asText() + "\n" + c.get("root").asText()
                    + "\n\n\u2014 sum.golang.org " + c.get("sig").asText() + "\n";
            SignedNote signed = SignedNote.parse(note);
            assertThat(signed.verify(List.of(key))).containsExactly(key);
            assertThat(Checkpoint.of(signed).size()).isEqualTo(c.get("size").asLong());
        }
    }

    @Test
    void parse_formatOnlyExamples_roundTripAndDoNotVerifyUnderOtherKey() throws Exception {
        JsonNode examples = vectors.get("format_only_examples");
        SignedNote note = SignedNote.parse(examples.get("checkpoint").asText());
        assertThat(note.encode()).isEqualTo(examples.get("checkpoint").asText());
        Checkpoint checkpoint = Checkpoint.of(note);
        assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
        assertThat(checkpoint.size()).isEqualTo(20852163L);
        assertThat(checkpoint.body()).isEqualTo(note.text());
        VerifierKey sumdb = VerifierKey.parse(vectors.get("real_world_checkpoints").get("vkey").asText());
        assertThatThrownBy(() -> note.verify(List.of(sumdb))).isInstanceOf(NoteVerificationException.class);
        SignedNote cosigned = SignedNote.parse(examples.get("checkpoint").asText()
                + examples.get("cosigned_checkpoint_extra_line").asText());
        assertThat(Cosigner.timestamp(cosigned.signatures().get(1))).isEqualTo(1679315147L);
    }

    @Test
    void cosign_referenceWitnessSeed_reproducesCosignedCheckpoint() throws Exception {
        String cosigned = Files.readString(Vectors.dir("reference-log-1000/checkpoint.cosigned"));
        VerifierKey witnessKey = VerifierKey.parse(Files.readString(Vectors.dir("reference-log-1000/witness-vkey")));
        VerifierKey logKey = VerifierKey.parse(Files.readString(Vectors.dir("reference-log-1000/vkey")));
        SignedNote note = SignedNote.parse(cosigned.getBytes(StandardCharsets.UTF_8));
        assertThat(note.verify(List.of(logKey, witnessKey))).containsExactlyInAnyOrder(logKey, witnessKey);

        byte[] seed = HexFormat.of().parseHex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
        Cosigner witness = new Cosigner(NoteSigner.fromSeed("witness.example.com/w1", seed),
                Clock.fixed(Instant.ofEpochSecond(1700000000L), ZoneOffset.UTC));
        assertThat(witness.verifierKey()).isEqualTo(witnessKey);
        assertThat(note.signatures().get(1)).isEqualTo(witness.cosign(note.text()));
    }

    @Test
    void verify_cosignatureOverOtherCheckpoint_rejected() throws Exception {
        byte[] seed = new byte[32];
        Cosigner witness = new Cosigner(NoteSigner.fromSeed("w", seed), Clock.systemUTC());
        NoteSignature sig = witness.cosign("o\n1\n" + "A".repeat(43) + "=\n");
        SignedNote other = new SignedNote("o\n2\n" + "A".repeat(43) + "=\n", List.of(sig));
        assertThatThrownBy(() -> other.verify(List.of(witness.verifierKey())))
                .isInstanceOf(NoteVerificationException.class);
    }

    @Test
    void parse_malformedNotes_rejected() {
        for (String bad : List.of("no signatures\n", "text\n\n\u2014 name\n", "text\n\n- name AAAAAAAA\n",
                "te\u0001xt\n\n\u2014 a AAAAAAAA\n", "text\n\n\u2014 a !!!!\n")) {
            assertThatThrownBy(() -> SignedNote.parse(bad)).as(bad).isInstanceOf(MalformedNoteException.class);
        }
        for (String body : List.of("o\n01\n" + "A".repeat(43) + "=\n", "o\n1\nAAAA\n", "\n1\n" + "A".repeat(43) + "=\n",
                "o\n1\n" + "A".repeat(43) + "=\n\n")) {
            assertThatThrownBy(() -> Checkpoint.parse(body)).as(body).isInstanceOf(MalformedNoteException.class);
        }
    }
}

package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** DSSE: the PAE of the specification, signing and verifying, and the canonical JSON form. */
class DsseEnvelopeTest {
    private static final ReleaseSigner SIGNER = signer();

    private static ReleaseSigner signer() {
        try {
            return ReleaseSigner.open(new SigningKeySettings.Local(Files.createTempDirectory("dsse-test")
                    .resolve("key.p8")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void pae_isTheSpecificationsExample() {
        // github.com/secure-systems-lab/dsse protocol.md: PAE("http://example.com/HelloWorld", "hello world")
        assertThat(new String(DsseEnvelope.pae("http://example.com/HelloWorld",
                "hello world".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
        assertThat(DsseEnvelope.pae("", new byte[0])).isEqualTo("DSSEv1 0  0 ".getBytes(StandardCharsets.UTF_8));
        // lengths are byte counts, not characters
        assertThat(new String(DsseEnvelope.pae("t", "é".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 1 t 2 é");
    }

    @Test
    void encode_isCanonicalAndByteExact() throws Exception {
        DsseEnvelope envelope = new DsseEnvelope(DsseEnvelope.IN_TOTO, "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                List.of(new DsseEnvelope.Signature("00ff", new byte[] {1, 2, 3})));
        assertThat(envelope.encode()).isEqualTo("{\"payload\":\"eyJhIjoxfQ==\",\"payloadType\":"
                + "\"application/vnd.in-toto+json\",\"signatures\":[{\"keyid\":\"00ff\",\"sig\":\"AQID\"}]}");
        assertThat(DsseEnvelope.parse(envelope.encode())).isEqualTo(envelope);
        // the same envelope with whitespace or another member order is not the canonical form
        assertThatThrownBy(() -> DsseEnvelope.parse(envelope.encode().replace(",", ", ")))
                .isInstanceOf(InvalidStatementException.class).hasMessageContaining("canonical");
        assertThatThrownBy(() -> DsseEnvelope.parse("{\"payloadType\":\"x\",\"payload\":\"\",\"signatures\":[]}"))
                .isInstanceOf(InvalidStatementException.class);
    }

    @Test
    void signed_verifiesWithItsKeyOnly() throws Exception {
        DsseEnvelope envelope = DsseEnvelope.sign(DsseEnvelope.IN_TOTO, "{}".getBytes(StandardCharsets.UTF_8), SIGNER);
        assertThat(envelope.verifies(SIGNER.publicKey())).isTrue();
        assertThat(envelope.signatures().getFirst().sig()).hasSize(64);
        ReleaseSigner other = signer();
        assertThat(envelope.verifies(other.publicKey())).isFalse();
        // a signature made over the payload instead of its PAE does not verify
        DsseEnvelope unbound = new DsseEnvelope(DsseEnvelope.IN_TOTO, "{}".getBytes(StandardCharsets.UTF_8),
                List.of(new DsseEnvelope.Signature(SIGNER.keyId(), SIGNER.sign("{}".getBytes(StandardCharsets.UTF_8)))));
        assertThat(unbound.verifies(SIGNER.publicKey())).isFalse();
        // nor one whose payload type was swapped
        DsseEnvelope retyped = new DsseEnvelope("text/plain", envelope.payload(), envelope.signatures());
        assertThat(retyped.verifies(SIGNER.publicKey())).isFalse();
    }

    @Property(tries = 200)
    void roundTrip_ofAnyEnvelope(@ForAll("envelopes") DsseEnvelope envelope) throws Exception {
        String json = envelope.encode();
        DsseEnvelope parsed = DsseEnvelope.parse(json);
        assertThat(parsed).isEqualTo(envelope);
        assertThat(parsed.encode()).isEqualTo(json);
    }

    @Property(tries = 500)
    void parse_ofAnyText_isAnEnvelopeThatReencodesIdenticallyOrATypedError(@ForAll("mutations") String text) {
        try {
            DsseEnvelope parsed = DsseEnvelope.parse(text);
            assertThat(parsed.encode()).isEqualTo(text);
        } catch (InvalidStatementException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<DsseEnvelope> envelopes() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<String> types = Arbitraries.strings().ofMaxLength(40);
        Arbitrary<DsseEnvelope.Signature> signatures = Arbitraries.strings().alpha().numeric().ofMaxLength(64)
                .flatMap(id -> bytes.map(sig -> new DsseEnvelope.Signature(id, sig)));
        return types.flatMap(type -> bytes.flatMap(payload -> signatures.list().ofMinSize(1).ofMaxSize(3)
                .map(sigs -> new DsseEnvelope(type, payload, sigs))));
    }

    @Provide
    Arbitrary<String> mutations() {
        String base = DsseEnvelope.sign(DsseEnvelope.IN_TOTO, "{\"_type\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                SIGNER).encode();
        Arbitrary<String> flipped = Arbitraries.integers().between(0, base.length() - 1).flatMap(at ->
                Arbitraries.chars().map(c -> base.substring(0, at) + c + base.substring(at + 1)));
        Arbitrary<String> cut = Arbitraries.integers().between(0, base.length()).map(n -> base.substring(0, n));
        return Arbitraries.oneOf(flipped, cut, Arbitraries.strings().ofMaxLength(100));
    }

    static Path tempKey() throws java.io.IOException {
        return Files.createTempDirectory("release-key").resolve("release.p8");
    }
}

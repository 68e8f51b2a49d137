package org.custos.tlog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AuditEntryCodecTest {

    static final Instant T = Instant.parse("2026-11-23T08:00:00.123Z");
    static final Pseudonym SUBJECT = new Pseudonym("psn:3q2-7wBfX9kT1cVb0aZy4Q");

    static List<AuditEntry> examples() {
        return List.of(
                new AuditEntry.Access(T, "svc:recommender", SUBJECT, "contact", "support-ticket",
                        AuditEntry.Decision.ALLOWED, "grant-7f3a"),
                new AuditEntry.Flow(T, "flow-20261123-0001", "partner:analytics-eu", "usage-aggregate", 1200,
                        AuditEntry.Decision.DENIED),
                new AuditEntry.AccessRequest(T, "req-91", "staff:ops-17", SUBJECT, "location", "fraud-review"),
                new AuditEntry.Policy(T, "egress", "v12", AuditEntry.PolicyAction.PUBLISHED,
                        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
                new AuditEntry.Key(T, "vault-kek-2026-11", AuditEntry.KeyAction.ROTATED, "field-encryption"),
                new AuditEntry.Release(T, "custos-0.1.0", "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                        "staff:release-2"));
    }

    @Test
    void encode_documentedExample_matchesDocBytes() {
        byte[] bytes = AuditEntryCodec.encode(new AuditEntry.Key(T, "k1", AuditEntry.KeyAction.CREATED, "signing"));
        assertThat(HexFormat.of().formatHex(bytes))
                .isEqualTo("0105" + "000001a2076b447b" + "00026b31" + "000763726561746564" + "00077369676e696e67");
    }

    @Test
    void encode_documentedAccessExample_matchesDocBytes() {
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(examples().getFirst()))).isEqualTo(
                "0101000001a2076b447b000f7376633a7265636f6d6d656e646572001a70736e3a3371322d3777426658396b543163566230"
                + "615a7934510007636f6e74616374000e737570706f72742d7469636b65740007616c6c6f776564000a6772616e742d37663361");
    }

    @Test
    void decode_everyKind_roundTrips() throws MalformedEntryException {
        for (AuditEntry entry : examples()) {
            assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(entry))).isEqualTo(entry);
        }
    }

    @Test
    void decode_badInputs_typedError() {
        byte[] good = AuditEntryCodec.encode(examples().getFirst());
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        byte[] version = good.clone();
        version[0] = 3;
        byte[] kind = good.clone();
        kind[1] = 9;
        for (byte[] bad : List.of(new byte[0], java.util.Arrays.copyOf(good, good.length - 1), trailing, version, kind)) {
            assertThatThrownBy(() -> AuditEntryCodec.decode(bad)).isInstanceOf(MalformedEntryException.class);
        }
        byte[] upper = AuditEntryCodec.encode(new AuditEntry.Key(T, "k1", AuditEntry.KeyAction.CREATED, "signing"));
        upper[16] = 'C';
        assertThatThrownBy(() -> AuditEntryCodec.decode(upper)).hasMessageContaining("canonical");
    }

    @Test
    void pseudonym_rawIdentifiers_rejected() {
        for (String raw : List.of("alice@example.org", "12345", "psn:short", "Alice Smith")) {
            assertThatThrownBy(() -> new Pseudonym(raw)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property(tries = 300)
    void decode_arbitraryBytes_neverThrowsUntyped(@ForAll("noise") byte[] bytes) {
        try {
            AuditEntryCodec.decode(bytes);
        } catch (MalformedEntryException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> mutated = Arbitraries.of(examples()).map(AuditEntryCodec::encode)
                .flatMap(b -> Arbitraries.integers().between(0, b.length - 1).map(i -> {
                    byte[] copy = b.clone();
                    copy[i] ^= (byte) (1 + i % 200);
                    return copy;
                }));
        return Arbitraries.oneOf(random, mutated);
    }
}

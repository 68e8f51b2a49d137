package org.custos.tlog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Format 2, the vault's audit events: the documented bytes, canonical round trips and the no-personal-data gate. */
class FormatTwoTest {
    static final Instant T = Instant.parse("2026-11-23T08:00:00.123Z");
    static final Pseudonym P = new Pseudonym("ps1:9f2c4e0b7d1a3856c0ffee0123456789");

    static final AuditEntry.ProtectedRead READ = new AuditEntry.ProtectedRead(42, T, "operator:op-7",
            "support.debug-account", List.of("app_accounts.email"), List.of(P), 1, "grant-7f3a");
    static final AuditEntry.KeyEvent SHRED =
            new AuditEntry.KeyEvent(43, T, AuditEntry.KeyChange.SHREDDED, "dek:" + P.value(), List.of(P));
    static final AuditEntry.ServiceReads SERVICE = new AuditEntry.ServiceReads(44, T, "service:recommender",
            "feed.for-you", List.of("app_watch_events.video_id"), 3, 17, Instant.parse("2026-11-23T07:59:50Z"));

    static final String ARTIFACT = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String REL = "rel-9f86d081884c7d65";
    static final String SOURCE = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    /** A placeholder DSSE envelope: a real one carries the in-toto statement and an Ed25519 signature. */
    static final String ENVELOPE = "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\","
            + "\"signatures\":[{\"keyid\":\"\",\"sig\":\"AA==\"}]}";

    static final AuditEntry.ReleaseStep APPROVAL = new AuditEntry.ReleaseStep(50, T,
            AuditEntry.ReleaseStep.Step.APPROVED, REL, ARTIFACT, SOURCE, "operator:cust-1", "", "", ENVELOPE);
    static final AuditEntry.EngineEvent INCIDENT = new AuditEntry.EngineEvent(51, T,
            AuditEntry.EngineEvent.Kind.INCIDENT, REL, ARTIFACT, "", "answer.unknown-video", 3);
    static final AuditEntry.ModelLineage LINEAGE = new AuditEntry.ModelLineage(52, T, REL, ARTIFACT,
            Instant.parse("2026-11-22T08:00:00Z"), Instant.parse("2026-11-23T07:59:59.999Z"), 120_000, 31_000,
            "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", 184_467,
            "sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9");
    static final AuditEntry.BuildMeasured BUILD = new AuditEntry.BuildMeasured(53, T,
            "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", "25.0.1+8-LTS", List.of(
                    "custos-server-0.1.0.jar@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                    "lucene-core-10.3.1.jar@sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));

    /** The hex of {@code value}'s UTF-8, for spelling documented bytes out field by field. */
    private static String hex(String value) {
        return HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
    }

    static List<AuditEntry.Relayed> examples() {
        return List.of(READ, SHRED, SERVICE, APPROVAL, INCIDENT, LINEAGE, BUILD,
                new AuditEntry.ReleaseStep(54, T, AuditEntry.ReleaseStep.Step.REVIEWED, REL, ARTIFACT, SOURCE,
                        "operator:cust-2", "reject",
                        "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", ""),
                new AuditEntry.ReleaseStep(55, T, AuditEntry.ReleaseStep.Step.REVOKED, REL, ARTIFACT, SOURCE,
                        "operator:cust-1", "key-compromise", "", ""),
                new AuditEntry.EngineEvent(56, T, AuditEntry.EngineEvent.Kind.SWAPPED, REL, ARTIFACT,
                        "rel-2c26b46b68ffc68f", "", 1),
                new AuditEntry.EngineEvent(57, T, AuditEntry.EngineEvent.Kind.UNCONFINED, "", "", "", "", 1),
                new AuditEntry.EgressFlow(45, T, "aggregate-metrics", "operator:owner-analytics", "policies@v3",
                        "fields=dau,region;from=hmac:3f0c9d2e4b1a5c6d7e8f90a1b2c3d4e5;to=hmac:9a8b7c6d5e4f30211f2e3d4c5b6a7988",
                        120_000, 48, "0.5",
                        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        AuditEntry.Decision.ALLOWED, ""),
                new AuditEntry.EgressFlow(46, T, "(undeclared)", "operator:owner-1", "", "", 0, 0, "0", "",
                        AuditEntry.Decision.DENIED, "flow-not-declared"),
                new AuditEntry.AccessStep(47, T, AuditEntry.AccessStep.Step.APPROVED, "req-91", "operator:cust-2",
                        "support.debug-account", List.of("app_accounts.email", "app_accounts.birth_date"), List.of(P)),
                new AuditEntry.PolicyChange(48, T, "egress", "v12",
                        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        AuditEntry.PolicyAction.PUBLISHED, "operator:cust-1"),
                new AuditEntry.KeyEvent(49, T, AuditEntry.KeyChange.ROTATED, "kek:2", List.of()));
    }

    @Test
    void encode_documentedProtectedRead_matchesDocBytes() {
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(READ))).isEqualTo("0201000001a2076b447b"
                + "000000000000002a" + "000d6f70657261746f723a6f702d37" + "0015737570706f72742e64656275672d6163636f756e74"
                + "0001" + "00126170705f6163636f756e74732e656d61696c"
                + "0001" + "00247073313a3966326334653062376431613338353663306666656530313233343536373839"
                + "000131" + "000a6772616e742d37663361");
    }

    @Test
    void encode_documentedKeyShredded_matchesDocBytes() {
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(SHRED))).isEqualTo("0206000001a2076b447b"
                + "000000000000002b" + "00087368726564646564"
                + "002864656b3a7073313a3966326334653062376431613338353663306666656530313233343536373839"
                + "0001" + "00247073313a3966326334653062376431613338353663306666656530313233343536373839");
    }

    @Test
    void encode_documentedServiceReads_matchesDocBytes() {
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(SERVICE))).isEqualTo("0202000001a2076b447b"
                + "000000000000002c" + "0013736572766963653a7265636f6d6d656e646572" + "000c666565642e666f722d796f75"
                + "0001" + "00196170705f77617463685f6576656e74732e766964656f5f6964"
                + "000133" + "00023137" + "000d31373935343230373930303030");
    }

    @Test
    void encode_documentedReleaseApproval_matchesDocBytes() {
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(APPROVAL))).isEqualTo("0207000001a2076b447b"
                + "0000000000000032" + "0008617070726f766564"
                + "0014" + "72656c2d39663836643038313838346337643635"
                + "0047" + "7368613235363a39663836643038313838346337643635396132666561613063353561643031356133626634"
                + "663162326230623832326364313564366331356230663030613038"
                + "0047" + "7368613235363a62613738313662663866303163666561343134313430646535646165323232336230303336"
                + "316133393631373761396362343130666636316632303031356164"
                + "000f6f70657261746f723a637573742d31" + "0000" + "0000"
                + "0068" + "7b227061796c6f616454797065223a226170706c69636174696f6e2f766e642e696e2d746f746f2b6a736f6e"
                + "222c227061796c6f6164223a226533303d222c227369676e617475726573223a5b7b226b65796964223a22222c22"
                + "736967223a2241413d3d227d5d7d");
        assertThat(AuditEntryCodec.encode(APPROVAL)).hasSize(323);
    }

    @Test
    void encode_documentedEngineIncident_matchesDocBytes() {
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(INCIDENT))).isEqualTo("0208000001a2076b447b"
                + "0000000000000033" + "0008696e636964656e74"
                + "0014" + "72656c2d39663836643038313838346337643635"
                + "0047" + "7368613235363a39663836643038313838346337643635396132666561613063353561643031356133626634"
                + "663162326230623832326364313564366331356230663030613038"
                + "0000" + "0014616e737765722e756e6b6e6f776e2d766964656f" + "000133");
        assertThat(AuditEntryCodec.encode(INCIDENT)).hasSize(150);
    }

    @Test
    void encode_documentedModelLineage_matchesDocBytes() {
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(LINEAGE))).isEqualTo("0209000001a2076b447b"
                + "0000000000000034"
                + "0014" + "72656c2d39663836643038313838346337643635"
                + "0047" + "7368613235363a39663836643038313838346337643635396132666561613063353561643031356133626634"
                + "663162326230623832326364313564366331356230663030613038"
                + "000d31373935333334343030303030" + "000d31373935343230373939393939"
                + "0006313230303030" + "00053331303030"
                + "0047" + "7368613235363a32633236623436623638666663363866663939623435336331643330343133343133343232"
                + "643730363438336266613066393861356538383632363665376165"
                + "0006313834343637"
                + "0047" + "7368613235363a66636465326232656462613536626634303836303166623732316665396235633333386431"
                + "306565343239656130346661653535313162363866626638666239");
        assertThat(AuditEntryCodec.encode(LINEAGE)).hasSize(312);
    }

    @Test
    void encode_documentedBuildMeasured_matchesDocBytes() {
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(BUILD))).isEqualTo("020a000001a2076b447b"
                + "0000000000000035"
                + "0047" + "7368613235363a32636632346462613566623061333065323665383362326163356239653239653162313631"
                + "653563316661373432356537333034333336323933386239383234"
                + "000c32352e302e312b382d4c5453"
                + "0002"
                + "005f" + "637573746f732d7365727665722d302e312e302e6a6172407368613235363a6533623063343432393866633163"
                + "3134396166626634633839393666623932343237616534316534363439623933346361343935393931623738353262"
                + "383535"
                + "005e" + "6c7563656e652d636f72652d31302e332e312e6a6172407368613235363a626137383136626638663031636665"
                + "6134313431343064653564616532323233623030333631613339363137376139636234313066663631663230303135"
                + "6164");
        assertThat(AuditEntryCodec.encode(BUILD)).hasSize(300);
    }

    @Test
    void encode_documentedExamples_spellTheirFieldsInOrder() {
        // The hex above, read back as the fields docs/log-entries.md lists, so a reader can check one against the other.
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(APPROVAL))).endsWith(hex(ENVELOPE))
                .contains(hex("approved") + "0014" + hex(REL) + "0047" + hex(ARTIFACT) + "0047" + hex(SOURCE));
        assertThat(HexFormat.of().formatHex(AuditEntryCodec.encode(BUILD)))
                .endsWith("0002005f" + hex(BUILD.components().get(0)) + "005e" + hex(BUILD.components().get(1)));
    }

    @Test
    void decode_everyKind_roundTripsWithItsEventId() throws MalformedEntryException {
        for (AuditEntry.Relayed entry : examples()) {
            AuditEntry decoded = AuditEntryCodec.decode(AuditEntryCodec.encode(entry));
            assertThat(decoded).isEqualTo(entry);
            assertThat(((AuditEntry.Relayed) decoded).eventId()).isEqualTo(entry.eventId());
        }
    }

    @Test
    void namedSubjects_perKind_listsThePseudonymsForTheUsersAccessLog() {
        assertThat(READ.namedSubjects()).containsExactly(P);
        assertThat(SHRED.namedSubjects()).containsExactly(P);
        assertThat(SERVICE.namedSubjects()).isEmpty();
        assertThat(List.of(APPROVAL, INCIDENT, LINEAGE, BUILD)).allSatisfy(e -> assertThat(e.namedSubjects()).isEmpty());
    }

    @Test
    void describe_releaseApproval_showsTheStatementBySizeAndDigest() {
        assertThat(AuditEntryCodec.describe(APPROVAL)).endsWith(", statement=<104 bytes, sha256:"
                + "e114037be4b148dcbbcafb6ce5fe28069d3b906da4ffa5b3f3a8d075410d3517>]")
                .startsWith("ReleaseStep[eventId=50, ").doesNotContain("payloadType");
        assertThat(AuditEntryCodec.describe(INCIDENT)).isEqualTo(INCIDENT.toString());
    }

    @Test
    void statement_upToItsOwnLimit_roundTripsAndTheEntryFitsTheLog() throws MalformedEntryException {
        String statement = "{" + "x".repeat(AuditEntry.ReleaseStep.MAX_STATEMENT_BYTES - 2) + "}";
        AuditEntry.ReleaseStep largest = new AuditEntry.ReleaseStep(Long.MAX_VALUE, T,
                AuditEntry.ReleaseStep.Step.APPROVED, REL, ARTIFACT, SOURCE, "operator:" + "o".repeat(128), "",
                SOURCE, statement);
        byte[] bytes = AuditEntryCodec.encode(largest);
        assertThat(bytes.length).isEqualTo(49_564).isLessThan(65_535); // as docs/log-entries.md says
        assertThat(AuditEntryCodec.decode(bytes)).isEqualTo(largest);
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, AuditEntry.ReleaseStep.Step.APPROVED, REL,
                ARTIFACT, SOURCE, "operator:cust-1", "", "", statement + " ")).hasMessageContaining("49152");
        // Two-byte characters count as two: the limit is on UTF-8 bytes, not characters.
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, AuditEntry.ReleaseStep.Step.APPROVED, REL,
                ARTIFACT, SOURCE, "operator:cust-1", "", "", "\u00e9".repeat(24_577))).hasMessageContaining("49152");
    }

    /** Issue 15: the text a caller sent (an address, a handle with a date, a sentence) cannot enter a flow entry. */
    @Test
    void egressFlow_callerText_isRefusedAtTheDoor() {
        String digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        for (String query : List.of("fields=video_id,ada_l;after=ada@example.org", "fields=dau;from=1991-11-28",
                "fields=video_id;after=Ada Lovelace", "daily users", "fields=Ada")) {
            assertThatThrownBy(() -> new AuditEntry.EgressFlow(1, T, "public-content", "owner-sync", "", query, 0, 0,
                    "0", "", AuditEntry.Decision.DENIED, "field-not-declared"))
                    .as(query).isInstanceOf(IllegalArgumentException.class).message().doesNotContain("ada");
        }
        for (String reason : List.of("field_not_declared: flow x does not declare [ada_l]", "Ada Lovelace", "a b")) {
            assertThatThrownBy(() -> new AuditEntry.EgressFlow(1, T, "public-content", "owner-sync", "", "", 0, 0,
                    "0", "", AuditEntry.Decision.DENIED, reason)).isInstanceOf(IllegalArgumentException.class);
        }
        for (String flowId : List.of("ada@example.org", "Ada", "support ada")) {
            assertThatThrownBy(() -> new AuditEntry.EgressFlow(1, T, flowId, "owner-sync", "", "", 0, 0, "0", "",
                    AuditEntry.Decision.DENIED, "flow-not-declared")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new AuditEntry.EgressFlow(1, T, "public-content", "owner-sync", "", "fields=video_id;after=40",
                1, 1, "0", digest, AuditEntry.Decision.ALLOWED, "").query()).isEqualTo("fields=video_id;after=40");
    }

    @Test
    void otherTextFields_keepTheFourKilobyteLimit() {
        AuditEntry.EgressFlow flow = new AuditEntry.EgressFlow(1, T, "f", "operator:o", "p".repeat(4097), "", 0, 0,
                "0", "", AuditEntry.Decision.DENIED, "x");
        assertThatThrownBy(() -> AuditEntryCodec.encode(flow)).hasMessageContaining("4096");
    }

    @Test
    void buildMeasured_mostComponents_fitsTheLog() throws MalformedEntryException {
        List<String> components = new ArrayList<>();
        for (int i = 0; i < AuditEntry.BuildMeasured.MAX_COMPONENTS; i++) {
            components.add(String.format("%03d", i) + "j".repeat(125) + "@" + SOURCE);
        }
        AuditEntry.BuildMeasured largest = new AuditEntry.BuildMeasured(Long.MAX_VALUE, T, SOURCE,
                "r".repeat(128), components);
        byte[] bytes = AuditEntryCodec.encode(largest);
        assertThat(bytes.length).isEqualTo(51_935).isLessThan(65_535); // as docs/log-entries.md says
        assertThat(AuditEntryCodec.decode(bytes)).isEqualTo(largest);
        List<String> tooMany = new ArrayList<>(components);
        tooMany.add("zzz@" + SOURCE);
        assertThatThrownBy(() -> new AuditEntry.BuildMeasured(1, T, SOURCE, "r", tooMany))
                .hasMessageContaining("256");
    }

    @Test
    void constructors_releaseAndEngineFieldsOutOfShape_areRejected() {
        String upper = "sha256:9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
        AuditEntry.ReleaseStep.Step approved = AuditEntry.ReleaseStep.Step.APPROVED;
        AuditEntry.ReleaseStep.Step rejected = AuditEntry.ReleaseStep.Step.REJECTED;
        AuditEntry.ReleaseStep.Step reviewed = AuditEntry.ReleaseStep.Step.REVIEWED;
        String actor = "operator:cust-1";
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, approved, "rel-9F86D081884C7D65", upper, SOURCE,
                actor, "", "", ENVELOPE)).hasMessageContaining("rel-");
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, approved, REL, upper, SOURCE, actor, "", "",
                ENVELOPE)).hasMessageContaining("sha256:");
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, approved, "rel-0000000000000000", ARTIFACT,
                SOURCE, actor, "", "", ENVELOPE)).hasMessageContaining("does not name");
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, rejected, REL, ARTIFACT, SOURCE, actor,
                "the build differs from alice@example.org's", "", "")).hasMessageContaining("code")
                .hasMessageNotContaining("alice");
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, rejected, REL, ARTIFACT, SOURCE, actor, "", "",
                "")).hasMessageContaining("reason");
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, reviewed, REL, ARTIFACT, SOURCE, actor, "ok", "",
                "")).hasMessageContaining("verdict");
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, approved, REL, ARTIFACT, SOURCE, actor, "", "",
                "")).hasMessageContaining("statement");
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, rejected, REL, ARTIFACT, SOURCE, actor, "r", "",
                ENVELOPE)).hasMessageContaining("statement");
        assertThatThrownBy(() -> new AuditEntry.ReleaseStep(1, T, approved, REL, ARTIFACT, SOURCE, "user:42", "",
                "", ENVELOPE)).hasMessageContaining("account id");
        assertThatThrownBy(() -> new AuditEntry.EngineEvent(1, T, AuditEntry.EngineEvent.Kind.STARTED, REL,
                ARTIFACT, "", "", 0)).hasMessageContaining("at least once");
        assertThatThrownBy(() -> new AuditEntry.EngineEvent(1, T, AuditEntry.EngineEvent.Kind.REFUSED, "",
                ARTIFACT, "", "", 1)).hasMessageContaining("reason");
        assertThatThrownBy(() -> new AuditEntry.EngineEvent(1, T, AuditEntry.EngineEvent.Kind.SWAPPED, REL,
                ARTIFACT, "previous", "", 1)).hasMessageContaining("previous release");
        assertThatThrownBy(() -> new AuditEntry.ModelLineage(1, T, REL, ARTIFACT, T, T.minusMillis(1), 1, 0,
                SOURCE, 0, SOURCE)).hasMessageContaining("window");
        assertThatThrownBy(() -> new AuditEntry.ModelLineage(1, T, REL, ARTIFACT, T, T, 1, 2, SOURCE, 0, SOURCE))
                .hasMessageContaining("positives");
        assertThatThrownBy(() -> new AuditEntry.ModelLineage(1, T, REL, ARTIFACT, T, T, 1, 0, SOURCE, -1, SOURCE))
                .hasMessageContaining("position");
        String a = "a.jar@" + SOURCE;
        String b = "b.jar@" + SOURCE;
        assertThatThrownBy(() -> new AuditEntry.BuildMeasured(1, T, SOURCE, "25", List.of(b, a)))
                .hasMessageContaining("sorted");
        assertThatThrownBy(() -> new AuditEntry.BuildMeasured(1, T, SOURCE, "25", List.of(a, a)))
                .hasMessageContaining("repeats");
        assertThatThrownBy(() -> new AuditEntry.BuildMeasured(1, T, SOURCE, "25", List.of("lib/a.jar@" + SOURCE)))
                .hasMessageContaining("file name");
        assertThatThrownBy(() -> new AuditEntry.BuildMeasured(1, T, SOURCE, "25", List.of()))
                .hasMessageContaining("1 to");
        assertThatThrownBy(() -> new AuditEntry.BuildMeasured(1, T, SOURCE, "25\n", List.of(a)))
                .hasMessageContaining("runtime");
    }

    @Test
    void decode_approvalRelabelledAsAReview_isMalformed() {
        // Same length ("approved", "reviewed"), so only the step's rules can catch it: a review has a verdict and
        // no statement.
        String hex = HexFormat.of().formatHex(AuditEntryCodec.encode(APPROVAL));
        String forged = hex.replace(hex("approved"), hex("reviewed"));
        assertThatThrownBy(() -> AuditEntryCodec.decode(HexFormat.of().parseHex(forged)))
                .isInstanceOf(MalformedEntryException.class).hasMessageContaining("verdict");
        String upper = hex.replace(hex("approved"), hex("APPROVED"));
        assertThatThrownBy(() -> AuditEntryCodec.decode(HexFormat.of().parseHex(upper)))
                .isInstanceOf(MalformedEntryException.class).hasMessageContaining("canonical");
    }

    @Test
    void decode_unknownKindAfterTheNewOnes_isMalformed() {
        byte[] bytes = AuditEntryCodec.encode(BUILD);
        bytes[1] = 11;
        assertThatThrownBy(() -> AuditEntryCodec.decode(bytes)).isInstanceOf(MalformedEntryException.class)
                .hasMessageContaining("kind 11");
    }

    @Test
    void constructors_rawIdentifiersWhereAPseudonymBelongs_areRejected() {
        assertThatThrownBy(() -> new AuditEntry.ProtectedRead(1, T, "user:42", "support.x", List.of("a.b"), List.of(P),
                1, "")).hasMessageContaining("account id");
        assertThatThrownBy(() -> new AuditEntry.ProtectedRead(1, T, "operator:op-1", "support.x", List.of("a.b"),
                List.of(new Pseudonym("psn:3q2-7wBfX9kT1cVb0aZy4Q")), 1, "")).hasMessageContaining("ps1");
        for (String raw : List.of("alice@example.org", "12345", "ps1:123", "ps1:9F2C4E0B7D1A3856C0FFEE0123456789")) {
            assertThatThrownBy(() -> new Pseudonym(raw)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new AuditEntry.KeyEvent(0, T, AuditEntry.KeyChange.CREATED, "kek:1", List.of()))
                .hasMessageContaining("event ids");
    }

    @Test
    void decode_userPrincipalRewrittenToAnAccountId_isMalformed() {
        AuditEntry.ProtectedRead byUser = new AuditEntry.ProtectedRead(7, T, "user:" + P.value(), "support.x",
                List.of("a.b"), List.of(P), 1, "");
        String hex = HexFormat.of().formatHex(AuditEntryCodec.encode(byUser));
        // Same length, so only the field check can catch it: "user:ps1:<32 hex>" becomes "user:<36 digits>".
        String forged = hex.replace(HexFormat.of().formatHex(("user:" + P.value()).getBytes()),
                HexFormat.of().formatHex(("user:" + "1".repeat(36)).getBytes()));
        assertThatThrownBy(() -> AuditEntryCodec.decode(HexFormat.of().parseHex(forged)))
                .isInstanceOf(MalformedEntryException.class).hasMessageContaining("principal");
    }

    @Test
    void decode_formatOneEntries_stillReadable() throws MalformedEntryException {
        byte[] v1 = HexFormat.of().parseHex("0105000001a2076b447b00026b3100076372656174656400077369676e696e67");
        assertThat(AuditEntryCodec.decode(v1)).isEqualTo(new AuditEntry.Key(T, "k1", AuditEntry.KeyAction.CREATED,
                "signing"));
    }

    @Property(tries = 400)
    void decode_anyEncodedEntry_roundTrips(@ForAll("entries") AuditEntry.Relayed entry)
            throws MalformedEntryException {
        byte[] bytes = AuditEntryCodec.encode(entry);
        assertThat(AuditEntryCodec.decode(bytes)).isEqualTo(entry);
        assertThat(AuditEntryCodec.encode(AuditEntryCodec.decode(bytes))).isEqualTo(bytes);
    }

    @Property(tries = 300)
    void decode_mutatedEntry_isEitherTheSameEncodingOrMalformed(@ForAll("entries") AuditEntry.Relayed entry,
            @ForAll int position, @ForAll byte flip) {
        byte[] bytes = AuditEntryCodec.encode(entry);
        byte[] mutated = bytes.clone();
        mutated[Math.floorMod(position, bytes.length)] ^= (byte) (flip == 0 ? 1 : flip);
        try {
            AuditEntry decoded = AuditEntryCodec.decode(mutated);
            assertThat(AuditEntryCodec.encode(decoded)).isEqualTo(mutated);
        } catch (MalformedEntryException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<AuditEntry.Relayed> entries() {
        Arbitrary<Long> ids = Arbitraries.longs().between(1, Long.MAX_VALUE);
        Arbitrary<Instant> times = Arbitraries.longs().between(-62_000_000_000_000L, 250_000_000_000_000L)
                .map(Instant::ofEpochMilli);
        Arbitrary<String> principals = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABC0123456789._:@-").ofMinLength(1)
                        .ofMaxLength(128).map(s -> "operator:" + s),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz-").ofMinLength(1).ofMaxLength(40)
                        .map(s -> "service:" + s),
                pseudonyms().map(p -> "user:" + p.value()));
        Arbitrary<String> purposes = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._-")
                .ofMaxLength(63).map(s -> "p" + s);
        Arbitrary<String> column = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_0123456789")
                .ofMaxLength(20).map(s -> "t_" + s + ".c" + s);
        Arbitrary<List<String>> columns = column.list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<List<Pseudonym>> subjects = pseudonyms().list().ofMinSize(1).ofMaxSize(8);
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(60)
                .filter(s -> s.chars().noneMatch(Character::isISOControl))
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
        Arbitrary<String> label = text.map(s -> "x" + s);
        Arbitrary<Long> counts = Arbitraries.longs().between(1, Long.MAX_VALUE / 2);

        Arbitrary<AuditEntry.Relayed> read = Combinators.combine(ids, times, principals, purposes, columns, subjects,
                counts, text).as(AuditEntry.ProtectedRead::new);
        Arbitrary<AuditEntry.Relayed> service = Combinators.combine(ids, times, principals, purposes, columns,
                counts, times).as((id, t, p, purpose, c, n, from) ->
                new AuditEntry.ServiceReads(id, t, p, purpose, c, n, n + 3, from));
        Arbitrary<String> flowIds = Arbitraries.oneOf(Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0-")
                .ofMaxLength(63).map(s -> "f" + s), Arbitraries.just("(undeclared)"));
        Arbitrary<String> queries = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz_").ofMaxLength(20)
                        .map(s -> "fields=v" + s + ";after=" + s.length()),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(32)
                        .map(h -> "fields=dau;undeclared-fields=2;from=hmac:" + h + ";videoIds=1,2,3"));
        Arbitrary<AuditEntry.Relayed> flow = Combinators.combine(ids, times, flowIds, label, text, queries, counts,
                Arbitraries.of(AuditEntry.Decision.class)).as((id, t, f, r, policy, q, n, d) ->
                new AuditEntry.EgressFlow(id, t, f, r, policy, q, n, n - 1, "0.25", "sha256:00", d,
                        d == AuditEntry.Decision.ALLOWED ? "" : "policy-denied"));
        Arbitrary<AuditEntry.Relayed> step = Combinators.combine(ids, times,
                Arbitraries.of(AuditEntry.AccessStep.Step.class), label, principals, purposes, columns, subjects)
                .as(AuditEntry.AccessStep::new);
        Arbitrary<AuditEntry.Relayed> policy = Combinators.combine(ids, times, label, label, label,
                Arbitraries.of(AuditEntry.PolicyAction.class), principals).as(AuditEntry.PolicyChange::new);
        Arbitrary<AuditEntry.Relayed> key = Combinators.combine(ids, times, Arbitraries.of(AuditEntry.KeyChange.class),
                label, pseudonyms().list().ofMaxSize(1)).as(AuditEntry.KeyEvent::new);
        Arbitrary<String> digests = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)
                .map(h -> "sha256:" + h);
        Arbitrary<String> maybeDigests = Arbitraries.oneOf(digests, Arbitraries.just(""));
        Arbitrary<String> releaseIds = Arbitraries.oneOf(digests.map(FormatTwoTest::releaseOf), Arbitraries.just(""));
        Arbitrary<String> codes = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789.-")
                .ofMaxLength(63).map(s -> "r" + s);

        Arbitrary<AuditEntry.Relayed> release = Combinators.combine(ids, times,
                Arbitraries.of(AuditEntry.ReleaseStep.Step.class), digests, digests, principals, maybeDigests)
                .flatAs((id, t, s, artifact, source, actor, commitment) -> Combinators.combine(
                        reasons(s, codes), statements(s, text)).as((reason, statement) ->
                        new AuditEntry.ReleaseStep(id, t, s, releaseOf(artifact), artifact, source, actor, reason,
                                commitment, statement)));
        Arbitrary<AuditEntry.Relayed> engine = Combinators.combine(ids, times,
                Arbitraries.of(AuditEntry.EngineEvent.Kind.class), releaseIds, maybeDigests, releaseIds, codes,
                Arbitraries.of(true, false))
                .flatAs((id, t, kind, rel, artifact, previous, code, withReason) -> counts.map(n ->
                        new AuditEntry.EngineEvent(id, t, kind, rel, artifact, previous,
                                withReason || kind == AuditEntry.EngineEvent.Kind.REFUSED
                                        || kind == AuditEntry.EngineEvent.Kind.INCIDENT ? code : "", n)));
        Arbitrary<Long> sizes = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<AuditEntry.Relayed> lineage = Combinators.combine(ids, times, digests, times,
                Arbitraries.longs().between(0, 1_000_000_000_000L), sizes, digests, sizes)
                .flatAs((id, t, artifact, first, span, events, data, position) ->
                        Combinators.combine(Arbitraries.longs().between(0, events), digests).as((positives, snap) ->
                                new AuditEntry.ModelLineage(id, t, releaseOf(artifact), artifact, first,
                                        first.plusMillis(span), events, positives, data, position, snap)));
        Arbitrary<String> runtimes = Arbitraries.strings().withChars("abcXYZ0123456789 ._+:@/()-").ofMaxLength(127)
                .map(s -> "2" + s);
        Arbitrary<List<String>> components = Combinators.combine(
                Arbitraries.strings().withChars("abcxyzABC0123456789._+-").ofMaxLength(40).map(s -> "c" + s)
                        .set().ofMinSize(1).ofMaxSize(12),
                digests.list().ofSize(12)).as((names, hashes) -> {
                    List<String> sorted = new ArrayList<>(names);
                    Collections.sort(sorted);
                    List<String> out = new ArrayList<>();
                    for (int i = 0; i < sorted.size(); i++) {
                        out.add(sorted.get(i) + "@" + hashes.get(i));
                    }
                    return out;
                });
        Arbitrary<AuditEntry.Relayed> build = Combinators.combine(ids, times, digests, runtimes, components)
                .as(AuditEntry.BuildMeasured::new);
        return Arbitraries.oneOf(read, service, flow, step, policy, key, release, engine, lineage, build);
    }

    private static String releaseOf(String artifactDigest) {
        return "rel-" + artifactDigest.substring(7, 23);
    }

    private static Arbitrary<String> reasons(AuditEntry.ReleaseStep.Step step, Arbitrary<String> codes) {
        return switch (step) {
            case REVIEWED -> Arbitraries.of("approve", "reject");
            case REJECTED, REVOKED -> codes;
            case SUBMITTED, APPROVED -> Arbitraries.just("");
        };
    }

    /** Small statements in any text, and large ones up to the limit, for approvals; none for other steps. */
    private static Arbitrary<String> statements(AuditEntry.ReleaseStep.Step step, Arbitrary<String> text) {
        if (step != AuditEntry.ReleaseStep.Step.APPROVED) {
            return Arbitraries.just("");
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, text.map(s -> "{" + s)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("{}[]\":,abcXYZ019+/=").ofMinLength(4097)
                        .ofMaxLength(AuditEntry.ReleaseStep.MAX_STATEMENT_BYTES)));
    }

    private static Arbitrary<Pseudonym> pseudonyms() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(32).map(h -> new Pseudonym("ps1:" + h));
    }
}

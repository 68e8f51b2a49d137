package org.custos.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AuditEventJsonTest {

    @Test
    void write_protectedRead_hasTheDocumentedForm() {
        AuditEvent event = new AuditEvent.ProtectedRead(Principal.operator("alice"), new Purpose("support.debug"),
                List.of(Column.of("app_accounts.email")), List.of("ps1:00ff"), 1, "", Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(AuditEventJson.write(event)).isEqualTo("""
                {"v":1,"type":"protected-read","at":"2026-01-01T00:00:00Z","principal":"operator:alice",\
                "purpose":"support.debug","columns":["app_accounts.email"],"subjects":["ps1:00ff"],"count":1}""");
    }

    @Test
    void write_kekEvent_omitsSubject() {
        AuditEvent event = new AuditEvent.KeyEvent(AuditEvent.KeyEvent.Kind.ROTATED, "kek:2", "",
                Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(AuditEventJson.write(event))
                .isEqualTo("{\"v\":1,\"type\":\"key\",\"at\":\"2026-01-01T00:00:00Z\",\"kind\":\"ROTATED\",\"key\":\"kek:2\"}");
    }

    @Test
    void everyKind_survivesARoundTrip() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        List<AuditEvent> events = List.of(
                new AuditEvent.ProtectedRead(Principal.operator("bob"), new Purpose("support.debug"),
                        List.of(Column.of("app_accounts.email")), List.of("ps1:00ff"), 2, "grant-1", at),
                new AuditEvent.ServiceReads(Principal.service("recommender"), new Purpose("feed.for-you"),
                        List.of(Column.of("app_watch_events.event")), 3, 40, at.minusSeconds(10), at),
                new AuditEvent.Flow("aggregate-metrics", "owner-analyst", "sha256:ab", "{\"day\":\"2026-01-01\"}",
                        100, 4, "0.5", "sha256:cd", AuditEvent.Decision.ALLOWED, "", at),
                new AuditEvent.AccessStep(AuditEvent.AccessStep.Step.APPROVED, "req-1", Principal.operator("carol"),
                        new Purpose("support.debug"), List.of(Column.of("app_accounts.email")), List.of("ps1:00ff"), at),
                new AuditEvent.PolicyChange("egress", "v3", "sha256:ef", false, Principal.operator("dave"), at));
        for (AuditEvent event : events) {
            assertThat(AuditEventJson.read(AuditEventJson.write(event))).isEqualTo(event);
        }
    }

    static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    static final String ARTIFACT = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String REL = "rel-9f86d081884c7d65";
    static final String SOURCE = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    static final String ENVELOPE = "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\","
            + "\"signatures\":[{\"keyid\":\"\",\"sig\":\"AA==\"}]}";

    @Test
    void write_releaseApproval_hasTheDocumentedForm() {
        AuditEvent event = new AuditEvent.ReleaseStep(AuditEvent.ReleaseStep.Step.APPROVED, REL, ARTIFACT, SOURCE,
                Principal.operator("cust-1"), "", "", ENVELOPE, AT);
        assertThat(AuditEventJson.write(event)).isEqualTo("{\"v\":1,\"type\":\"release\",\"at\":\"2026-01-01T00:00:00Z\","
                + "\"step\":\"APPROVED\",\"release\":\"" + REL + "\",\"artifact\":\"" + ARTIFACT + "\",\"source\":\""
                + SOURCE + "\",\"actor\":\"operator:cust-1\",\"reason\":\"\",\"commitment\":\"\",\"statement\":"
                + "\"{\\\"payloadType\\\":\\\"application/vnd.in-toto+json\\\",\\\"payload\\\":\\\"e30=\\\","
                + "\\\"signatures\\\":[{\\\"keyid\\\":\\\"\\\",\\\"sig\\\":\\\"AA==\\\"}]}\"}");
    }

    @Test
    void write_releaseStepWithoutStatement_omitsIt() {
        AuditEvent event = new AuditEvent.ReleaseStep(AuditEvent.ReleaseStep.Step.REVOKED, REL, ARTIFACT, SOURCE,
                Principal.operator("cust-1"), "key-compromise", SOURCE, "", AT);
        assertThat(AuditEventJson.write(event)).doesNotContain("statement").contains("\"reason\":\"key-compromise\"");
    }

    @Test
    void write_engineLineageAndBuild_haveTheirMembersInOrder() {
        assertThat(AuditEventJson.write(new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.SWAPPED, REL,
                ARTIFACT, "rel-2c26b46b68ffc68f", "", 1, AT))).isEqualTo("{\"v\":1,\"type\":\"engine\","
                + "\"at\":\"2026-01-01T00:00:00Z\",\"kind\":\"SWAPPED\",\"release\":\"" + REL + "\",\"artifact\":\""
                + ARTIFACT + "\",\"previous\":\"rel-2c26b46b68ffc68f\",\"reason\":\"\",\"count\":1}");
        assertThat(AuditEventJson.write(new AuditEvent.ModelLineage(REL, ARTIFACT, AT.minusSeconds(60), AT, 10, 4,
                SOURCE, 77, ARTIFACT, AT))).isEqualTo("{\"v\":1,\"type\":\"lineage\",\"at\":\"2026-01-01T00:00:00Z\","
                + "\"release\":\"" + REL + "\",\"artifact\":\"" + ARTIFACT + "\",\"first\":\"2025-12-31T23:59:00Z\","
                + "\"last\":\"2026-01-01T00:00:00Z\",\"events\":10,\"positives\":4,\"data\":\"" + SOURCE
                + "\",\"position\":77,\"snapshot\":\"" + ARTIFACT + "\"}");
        assertThat(AuditEventJson.write(new AuditEvent.BuildMeasured(ARTIFACT, "25.0.1+8-LTS",
                List.of("a.jar@" + SOURCE), AT))).isEqualTo("{\"v\":1,\"type\":\"build\",\"at\":\"2026-01-01T00:00:00Z\","
                + "\"server\":\"" + ARTIFACT + "\",\"runtime\":\"25.0.1+8-LTS\",\"components\":[\"a.jar@" + SOURCE + "\"]}");
    }

    @Test
    void newKinds_surviveARoundTrip() {
        List<AuditEvent> events = List.of(
                new AuditEvent.ReleaseStep(AuditEvent.ReleaseStep.Step.SUBMITTED, REL, ARTIFACT, SOURCE,
                        Principal.operator("owner-eng-3"), "", SOURCE, "", AT),
                new AuditEvent.ReleaseStep(AuditEvent.ReleaseStep.Step.REVIEWED, REL, ARTIFACT, SOURCE,
                        Principal.operator("cust-2"), "approve", ARTIFACT, "", AT),
                new AuditEvent.ReleaseStep(AuditEvent.ReleaseStep.Step.APPROVED, REL, ARTIFACT, SOURCE,
                        Principal.operator("cust-1"), "", "", ENVELOPE, AT),
                new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.INCIDENT, REL, ARTIFACT, "",
                        "answer.unknown-video", 3, AT),
                new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.UNCONFINED, "", "", "", "", 1, AT),
                new AuditEvent.ModelLineage(REL, ARTIFACT, Instant.parse("2025-12-31T08:00:00.123456789Z"), AT,
                        120_000, 31_000, SOURCE, 184_467, ARTIFACT, AT),
                new AuditEvent.BuildMeasured(ARTIFACT, "25.0.1+8-LTS",
                        List.of("custos-server-0.1.0.jar@" + SOURCE, "lucene-core-10.3.1.jar@" + ARTIFACT), AT));
        for (AuditEvent event : events) {
            assertThat(AuditEventJson.read(AuditEventJson.write(event))).isEqualTo(event);
        }
    }

    @Test
    void read_rowsStoredBeforeTheReleaseKinds_stillDecode() {
        // Stored rows are never rewritten: the text of each older type, as the outbox holds it, must keep reading.
        List<String> rows = List.of("""
                {"v":1,"type":"protected-read","at":"2026-01-01T00:00:00Z","principal":"operator:alice",\
                "purpose":"support.debug","columns":["app_accounts.email"],"subjects":["ps1:00ff"],"count":1}""", """
                {"v":1,"type":"service-reads","at":"2026-01-01T00:00:00Z","principal":"service:recommender",\
                "purpose":"feed.for-you","columns":["app_watch_events.event"],"subjects":3,"count":40,\
                "from":"2025-12-31T23:59:50Z"}""", """
                {"v":1,"type":"flow","at":"2026-01-01T00:00:00Z","flow":"aggregate-metrics","recipient":"owner-analyst",\
                "policy":"sha256:ab","query":"q","rowsRead":100,"rowsDelivered":4,"epsilon":"0.5","digest":"sha256:cd",\
                "decision":"ALLOWED","reason":""}""", """
                {"v":1,"type":"access-step","at":"2026-01-01T00:00:00Z","step":"GRANTED","request":"lockbox-7",\
                "actor":"service:lockbox","purpose":"support.debug-account","columns":["app_users.email"],\
                "subjects":["ps1:3f0c"]}""", """
                {"v":1,"type":"policy","at":"2026-01-01T00:00:00Z","policy":"egress","version":"v3",\
                "digest":"sha256:ef","retired":false,"author":"operator:dave"}""", """
                {"v":1,"type":"key","at":"2026-01-01T00:00:00Z","kind":"ROTATED","key":"kek:2"}""");
        for (String row : rows) {
            assertThat(AuditEventJson.write(AuditEventJson.read(row))).isEqualTo(row);
        }
    }

    @Test
    void read_unknownType_fails() {
        assertThatThrownBy(() -> AuditEventJson.read("{\"v\":1,\"type\":\"x\",\"at\":\"2026-01-01T00:00:00Z\"}"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Property(tries = 200)
    void read_ofWrite_isIdentity(@ForAll("events") AuditEvent event) {
        assertThat(AuditEventJson.read(AuditEventJson.write(event))).isEqualTo(event);
    }

    @Provide
    Arbitrary<AuditEvent> events() {
        Arbitrary<Instant> at = Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond);
        Arbitrary<String> pseudonym = Arbitraries.strings().withChars("0123456789abcdef").ofLength(32).map(h -> "ps1:" + h);
        Arbitrary<Principal> principal = Combinators.combine(Arbitraries.of(Principal.Kind.class),
                Arbitraries.strings().withChars("abcXYZ019._:@-").ofMinLength(1).ofMaxLength(40)).as(Principal::new);
        Arbitrary<Purpose> purpose = Arbitraries.strings().withChars("abc.-_9").ofMaxLength(20).map(s -> new Purpose("p" + s));
        Arbitrary<Column> column = Arbitraries.of("a.b", "app_accounts.email", "t_1.c_2").map(Column::of);
        Arbitrary<AuditEvent> read = Combinators.combine(principal, purpose, column.list().ofMinSize(1).ofMaxSize(3),
                pseudonym.list().ofMinSize(1).ofMaxSize(3), Arbitraries.integers().between(1, 1000),
                Arbitraries.of("", "grant-7"), at)
                .as(AuditEvent.ProtectedRead::new);
        Arbitrary<AuditEvent> key = Combinators.combine(Arbitraries.of(AuditEvent.KeyEvent.Kind.class), pseudonym,
                Arbitraries.of(true, false), at)
                .as((kind, p, forSubject, when) -> forSubject
                        ? new AuditEvent.KeyEvent(kind, "dek:" + p, p, when)
                        : new AuditEvent.KeyEvent(kind, "kek:3", "", when));
        Arbitrary<String> digest = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)
                .map(h -> "sha256:" + h);
        Arbitrary<String> code = Arbitraries.strings().withChars("abz09.-").ofMaxLength(30).map(s -> "r" + s);
        Arbitrary<AuditEvent> release = Combinators.combine(Arbitraries.of(AuditEvent.ReleaseStep.Step.class), digest,
                digest, principal, Arbitraries.oneOf(digest, Arbitraries.just("")), code, at)
                .as((step, artifact, source, actor, commitment, reason, when) -> new AuditEvent.ReleaseStep(step,
                        "rel-" + artifact.substring(7, 23), artifact, source, actor, switch (step) {
                            case REVIEWED -> "reject";
                            case REJECTED, REVOKED -> reason;
                            case SUBMITTED, APPROVED -> "";
                        }, commitment, step == AuditEvent.ReleaseStep.Step.APPROVED ? ENVELOPE : "", when));
        Arbitrary<AuditEvent> engine = Combinators.combine(Arbitraries.of(AuditEvent.EngineEvent.Kind.class),
                Arbitraries.oneOf(digest, Arbitraries.just("")), code, Arbitraries.longs().between(1, Long.MAX_VALUE), at)
                .as((kind, artifact, reason, count, when) -> new AuditEvent.EngineEvent(kind,
                        artifact.isEmpty() ? "" : "rel-" + artifact.substring(7, 23), artifact, "", reason, count, when));
        Arbitrary<AuditEvent> lineage = Combinators.combine(digest, at, Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.longs().between(0, 1_000), digest, at)
                .as((artifact, first, events, position, data, when) -> new AuditEvent.ModelLineage(
                        "rel-" + artifact.substring(7, 23), artifact, first, first.plusNanos(events), events,
                        events / 2, data, position, artifact, when));
        Arbitrary<AuditEvent> build = Combinators.combine(digest, digest.list().ofMinSize(1).ofMaxSize(5), at)
                .as((server, jars, when) -> {
                    List<String> components = new java.util.ArrayList<>();
                    for (int i = 0; i < jars.size(); i++) {
                        components.add("lib-" + i + ".jar@" + jars.get(i));
                    }
                    return new AuditEvent.BuildMeasured(server, "25.0.1+8-LTS", components, when);
                });
        return Arbitraries.oneOf(read, key, release, engine, lineage, build);
    }
}

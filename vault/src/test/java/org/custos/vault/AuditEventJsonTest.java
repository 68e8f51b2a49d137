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
        return Arbitraries.oneOf(read, key);
    }
}

package org.custos.tlog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
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

    static List<AuditEntry.Relayed> examples() {
        return List.of(READ, SHRED, SERVICE,
                new AuditEntry.EgressFlow(45, T, "aggregate-metrics", "operator:owner-analytics", "policies@v3",
                        "daily-active-users by region,age-band", 120_000, 48, "0.5",
                        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        AuditEntry.Decision.ALLOWED, ""),
                new AuditEntry.EgressFlow(46, T, "raw-emails", "operator:owner-1", "", "", 0, 0, "0", "",
                        AuditEntry.Decision.DENIED, "undeclared flow"),
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
        Arbitrary<AuditEntry.Relayed> flow = Combinators.combine(ids, times, label, label, text, text, counts,
                Arbitraries.of(AuditEntry.Decision.class)).as((id, t, f, r, policy, q, n, d) ->
                new AuditEntry.EgressFlow(id, t, f, r, policy, q, n, n - 1, "0.25", "sha256:00", d, d.name()));
        Arbitrary<AuditEntry.Relayed> step = Combinators.combine(ids, times,
                Arbitraries.of(AuditEntry.AccessStep.Step.class), label, principals, purposes, columns, subjects)
                .as(AuditEntry.AccessStep::new);
        Arbitrary<AuditEntry.Relayed> policy = Combinators.combine(ids, times, label, label, label,
                Arbitraries.of(AuditEntry.PolicyAction.class), principals).as(AuditEntry.PolicyChange::new);
        Arbitrary<AuditEntry.Relayed> key = Combinators.combine(ids, times, Arbitraries.of(AuditEntry.KeyChange.class),
                label, pseudonyms().list().ofMaxSize(1)).as(AuditEntry.KeyEvent::new);
        return Arbitraries.oneOf(read, service, flow, step, policy, key);
    }

    private static Arbitrary<Pseudonym> pseudonyms() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(32).map(h -> new Pseudonym("ps1:" + h));
    }
}

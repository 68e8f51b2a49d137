package org.custos.vault;

import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the vault offers the egress gateway: many values opened as one accounted read, and the egress PRF. */
class EgressSupportIT {
    private static final Column EVENT = Column.of("app_watch_events.event");

    @TempDir
    Path keys;

    private HikariDataSource db;
    private MutableClock clock;
    private Vault vault;

    @BeforeEach
    void setUp() {
        db = TestDatabases.fresh("vault");
        clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        vault = Vault.open(VaultSettings.local(keys), db, clock, Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        vault.close();
        db.close();
    }

    private List<AuditEvent> events() {
        return vault.outbox().after(0, 10_000).stream().map(OutboxEntry::event).toList();
    }

    @Test
    void openAll_asAService_isOneCountedReadOfAllValues() {
        SubjectId subject = new SubjectId(7);
        List<byte[]> sealed = List.of(vault.sealString(subject, EVENT, "a"), vault.sealString(subject, EVENT, "bb"),
                vault.sealString(subject, EVENT, "ccc"));
        AccessContext gateway = new AccessContext(Principal.service("gateway"), new Purpose("egress.test"));
        List<byte[]> opened = vault.openAll(gateway, subject, EVENT, sealed);
        assertThat(opened).extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("a", "bb", "ccc");
        clock.advance(Duration.ofSeconds(15));
        assertThat(vault.flushServiceReads()).isEqualTo(1);
        assertThat(events().getLast()).isInstanceOfSatisfying(AuditEvent.ServiceReads.class, reads -> {
            assertThat(reads.count()).isEqualTo(3);
            assertThat(reads.subjects()).isEqualTo(1);
        });
    }

    @Test
    void openAll_byAnOperator_isOneProtectedReadWithTheCount_andTamperingFails() {
        SubjectId subject = new SubjectId(8);
        byte[] one = vault.sealString(subject, EVENT, "x");
        byte[] two = vault.sealString(subject, EVENT, "y");
        AccessContext operator = new AccessContext(Principal.operator("operator-1"), new Purpose("support.debug"));
        int before = events().size();
        vault.openAll(operator, subject, EVENT, List.of(one, two));
        assertThat(events()).hasSize(before + 1);
        assertThat(events().getLast()).isInstanceOfSatisfying(AuditEvent.ProtectedRead.class,
                read -> assertThat(read.count()).isEqualTo(2));
        byte[] tampered = two.clone();
        tampered[tampered.length - 1] ^= 1;
        assertThatThrownBy(() -> vault.openAll(operator, subject, EVENT, List.of(one, tampered)))
                .isInstanceOf(TamperedCiphertextException.class);
        assertThat(vault.openAll(AccessContext.self(subject), subject, EVENT, List.of())).isEmpty();
    }

    @Test
    void egressPrf_isDeterministic_andDiffersByRecipientAndVersion() {
        byte[] input = "likers\0abc".getBytes(StandardCharsets.UTF_8);
        byte[] a = vault.egressPrf("owner-a", 1, input);
        assertThat(a).hasSize(32).isEqualTo(vault.egressPrf("owner-a", 1, input));
        assertThat(vault.egressPrf("owner-b", 1, input)).isNotEqualTo(a);
        assertThat(vault.egressPrf("owner-a", 2, input)).isNotEqualTo(a);
        assertThatThrownBy(() -> vault.egressPrf("", 1, input)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.egressPrf("owner-a", 0, input)).isInstanceOf(IllegalArgumentException.class);
    }
}

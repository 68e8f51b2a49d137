package org.custos.vault;

import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Service reads summed per window, durably, against a real PostgreSQL. */
class ServiceReadsIT {
    private static final Column WATCHES = Column.of("app_watch_events.video_id");
    private static final Column EMAIL = Column.of("app_accounts.email");
    private static final AccessContext RECOMMENDER =
            new AccessContext(Principal.service("recommender"), new Purpose("feed.for-you"));

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

    private List<AuditEvent> outboxEvents() {
        return vault.outbox().after(0, 10_000).stream().map(OutboxEntry::event).toList();
    }

    @Test
    void open_manyServiceReadsInOneWindow_becomeOneEventWithExactCounts() throws Exception {
        byte[][] sealed = new byte[5][];
        for (int s = 0; s < 5; s++) {
            sealed[s] = vault.sealString(new SubjectId(s + 1), EMAIL, "user" + s + "@example.org");
        }
        int before = outboxEvents().size(); // data-key creations
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int s = i % 5;
                pool.submit(() -> vault.openString(RECOMMENDER, new SubjectId(s + 1), EMAIL, sealed[s]));
            }
        }
        assertThat(outboxEvents()).hasSize(before);
        assertThat(vault.flushServiceReads()).isZero(); // the window is still open

        clock.advance(Duration.ofSeconds(12));
        assertThat(vault.flushServiceReads()).isEqualTo(1);
        List<AuditEvent> after = outboxEvents();
        assertThat(after).hasSize(before + 1);
        assertThat(after.getLast()).isEqualTo(new AuditEvent.ServiceReads(Principal.service("recommender"),
                new Purpose("feed.for-you"), List.of(EMAIL), 5, 200, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:10Z")));
        assertThat(vault.flushServiceReads()).isZero();
    }

    @Test
    void noteServiceRead_twoColumnsAndTwoWindows_oneEventPerColumnAndWindow() {
        vault.noteServiceRead(RECOMMENDER, WATCHES, new SubjectId(1), 3);
        vault.noteServiceRead(RECOMMENDER, WATCHES, new SubjectId(2), 4);
        vault.noteServiceRead(RECOMMENDER, EMAIL, new SubjectId(1), 1);
        clock.advance(Duration.ofSeconds(10));
        vault.noteServiceRead(RECOMMENDER, WATCHES, new SubjectId(1), 5);
        clock.advance(Duration.ofSeconds(30));

        assertThat(vault.flushServiceReads()).isEqualTo(3);
        assertThat(outboxEvents()).containsExactly(
                new AuditEvent.ServiceReads(RECOMMENDER.principal(), RECOMMENDER.purpose(), List.of(EMAIL), 1, 1,
                        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:10Z")),
                new AuditEvent.ServiceReads(RECOMMENDER.principal(), RECOMMENDER.purpose(), List.of(WATCHES), 2, 7,
                        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:10Z")),
                new AuditEvent.ServiceReads(RECOMMENDER.principal(), RECOMMENDER.purpose(), List.of(WATCHES), 1, 5,
                        Instant.parse("2026-01-01T00:00:10Z"), Instant.parse("2026-01-01T00:00:20Z")));
    }

    @Test
    void noteServiceRead_countersSurviveAReopenedVault_nothingIsLost() {
        vault.noteServiceRead(RECOMMENDER, WATCHES, new SubjectId(9), 2);
        vault.close();
        vault = Vault.open(VaultSettings.local(keys), db, clock, Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(15));

        assertThat(vault.flushServiceReads()).isEqualTo(1);
        assertThat(outboxEvents()).singleElement().isInstanceOfSatisfying(AuditEvent.ServiceReads.class,
                reads -> assertThat(reads.count()).isEqualTo(2));
    }

    @Test
    void noteServiceRead_operatorPrincipal_isRefusedAndCountsNothing() {
        AccessContext operator = new AccessContext(Principal.operator("op-1"), new Purpose("support.debug-account"));
        assertThatThrownBy(() -> vault.noteServiceRead(operator, WATCHES, new SubjectId(1), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
        assertThatThrownBy(() -> vault.noteServiceRead(RECOMMENDER, WATCHES, new SubjectId(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(vault.flushServiceReads()).isZero();
    }
}

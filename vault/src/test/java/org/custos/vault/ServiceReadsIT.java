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

    @Test
    void noteServiceReads_aBatchOfManyViewers_countsExactlyAndFlushesAsOneEvent() {
        java.util.Map<SubjectId, Long> batch = new java.util.HashMap<>();
        long total = 0;
        for (long s = 1; s <= 5_000; s++) {
            long count = 1 + s % 7;
            batch.put(new SubjectId(s * 1_000_003L), count);
            total += count;
        }
        vault.noteServiceReads(RECOMMENDER, WATCHES, batch);
        vault.noteServiceReads(RECOMMENDER, WATCHES, java.util.Map.of()); // nothing to count, no round trip
        assertThat(outboxEvents()).isEmpty();
        clock.advance(Duration.ofSeconds(12));

        assertThat(vault.flushServiceReads()).isEqualTo(1);
        assertThat(outboxEvents()).containsExactly(new AuditEvent.ServiceReads(RECOMMENDER.principal(),
                RECOMMENDER.purpose(), List.of(WATCHES), 5_000, total, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:10Z")));
    }

    @Test
    void noteServiceReads_mixedWithSingleNotesInOneWindow_countsEachSubjectOnce() throws Exception {
        vault.noteServiceRead(RECOMMENDER, WATCHES, new SubjectId(1), 2);
        vault.noteServiceReads(RECOMMENDER, WATCHES, java.util.Map.of(new SubjectId(1), 3L, new SubjectId(2), 1L,
                new SubjectId(3), 4L));
        vault.noteServiceRead(RECOMMENDER, WATCHES, new SubjectId(3), 1);
        vault.noteServiceReads(RECOMMENDER, WATCHES, java.util.Map.of(new SubjectId(2), 5L, new SubjectId(4), 1L));
        // Concurrent batches over the same subjects, in every order: no deadlock, nothing lost.
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int shift = i;
                done.add(pool.submit(() -> {
                    java.util.Map<SubjectId, Long> batch = new java.util.LinkedHashMap<>();
                    for (int k = 0; k < 50; k++) {
                        batch.put(new SubjectId(100 + (k * 7 + shift) % 50), 1L);
                    }
                    vault.noteServiceReads(RECOMMENDER, WATCHES, batch);
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        }
        // The same subjects in another column are counted apart.
        vault.noteServiceReads(RECOMMENDER, EMAIL, java.util.Map.of(new SubjectId(1), 1L));
        clock.advance(Duration.ofSeconds(12));

        assertThat(vault.flushServiceReads()).isEqualTo(2);
        assertThat(outboxEvents()).containsExactly(
                new AuditEvent.ServiceReads(RECOMMENDER.principal(), RECOMMENDER.purpose(), List.of(EMAIL), 1, 1,
                        Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:10Z")),
                new AuditEvent.ServiceReads(RECOMMENDER.principal(), RECOMMENDER.purpose(), List.of(WATCHES),
                        4 + 50, 2 + 3 + 1 + 4 + 1 + 5 + 1 + 40 * 50, Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-01-01T00:00:10Z")));
    }

    @Test
    void noteServiceReads_invalidInput_isRefusedAndCountsNothing() {
        AccessContext operator = new AccessContext(Principal.operator("op-1"), new Purpose("support.debug-account"));
        assertThatThrownBy(() -> vault.noteServiceReads(operator, WATCHES, java.util.Map.of(new SubjectId(1), 1L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
        assertThatThrownBy(() -> vault.noteServiceReads(RECOMMENDER, WATCHES,
                java.util.Map.of(new SubjectId(1), 1L, new SubjectId(2), 0L)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> vault.noteServiceReads(RECOMMENDER, WATCHES,
                java.util.Map.of(new SubjectId(1), Long.MAX_VALUE, new SubjectId(2), 1L)))
                .isInstanceOf(IllegalArgumentException.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(vault.flushServiceReads()).isZero();
    }

    @Test
    void noteServiceReads_counterRejectsWrites_failsClosedLikeTheSingleNote() throws Exception {
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("""
                    CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'counter offline'; END $$""");
            s.execute("CREATE TRIGGER test_refuse BEFORE INSERT ON vault_service_reads FOR EACH ROW "
                    + "EXECUTE FUNCTION test_refuse()");
        }
        java.util.Map<SubjectId, Long> batch = java.util.Map.of(new SubjectId(1), 1L, new SubjectId(2), 2L);
        assertThatThrownBy(() -> vault.noteServiceReads(RECOMMENDER, WATCHES, batch))
                .isInstanceOf(AuditUnavailableException.class);
        assertThatThrownBy(() -> vault.noteServiceRead(RECOMMENDER, WATCHES, new SubjectId(1), 1))
                .isInstanceOf(AuditUnavailableException.class);
        // The statement is atomic: no subject row was left behind either.
        try (java.sql.Connection c = db.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT count(*) FROM vault_service_read_subjects")) {
            r.next();
            assertThat(r.getLong(1)).isZero();
        }
    }
}

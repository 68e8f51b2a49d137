package org.custos.vault;

import org.custos.testing.MutableClock;
import org.custos.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox's ordering contract, against real concurrent PostgreSQL transactions. */
class AuditOutboxIT {
    private HikariDataSource db;
    private PostgresAuditOutbox outbox;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T00:00:00Z"));

    @BeforeEach
    void setUp() {
        db = TestDatabases.fresh("vault");
        Migrations.apply(db, "vault");
        outbox = new PostgresAuditOutbox(db, clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static AuditEvent event(int n) {
        return new AuditEvent.KeyEvent(AuditEvent.KeyEvent.Kind.CREATED, "dek:ps1:" + n, "ps1:" + n,
                Instant.parse("2026-04-01T00:00:00Z"));
    }

    @Test
    void after_transactionCommittingLate_isNotSkipped() throws Exception {
        try (Connection slow = db.getConnection()) {
            slow.setAutoCommit(false);
            outbox.append(slow, event(1)); // inserted first, committed last
            outbox.appendDurably(event(2));

            List<OutboxEntry> first = outbox.after(0, 10);
            assertThat(first).extracting(OutboxEntry::position).containsExactly(1L);
            assertThat(first.getFirst().event()).isEqualTo(event(2));

            slow.commit();
        }
        List<OutboxEntry> next = outbox.after(1, 10);
        assertThat(next).extracting(OutboxEntry::position).containsExactly(2L);
        assertThat(next.getFirst().event()).isEqualTo(event(1));
    }

    @Test
    void after_concurrentWritersAndReaders_positionsAreGapFreeAndEachEventAppearsOnce() throws Exception {
        int writers = 8;
        int perWriter = 40;
        List<OutboxEntry> seen = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                int base = w * perWriter;
                pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        outbox.appendDurably(event(base + i));
                    }
                    return null;
                });
            }
            // A consumer reading while writers run, as the log's relay will.
            long position = 0;
            while (seen.size() < writers * perWriter) {
                List<OutboxEntry> batch = outbox.after(position, 25);
                seen.addAll(batch);
                if (!batch.isEmpty()) {
                    position = batch.getLast().position();
                }
            }
        }
        assertThat(seen).extracting(OutboxEntry::position)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, writers * perWriter).boxed().toList());
        assertThat(seen).extracting(OutboxEntry::event).doesNotHaveDuplicates();
        assertThat(outbox.latestPosition()).isEqualTo(writers * perWriter);
    }
}

package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.custos.tlog.LogSettings;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.note.NoteSigner;
import org.custos.vault.AuditEvent;
import org.custos.vault.Migrations;
import org.custos.vault.Principal;
import org.custos.vault.Vault;
import org.custos.vault.VaultSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay against a log and a database that misbehave, in process: pushback is waited out and never loses an
 * event; a bookkeeping write that fails after an append is retried on its own and never appends the batch again.
 */
class AuditRelayPushbackIT {
    private static final String ORIGIN = "custos.example/relay-it";

    @TempDir
    Path tmp;

    private EmbeddedPostgres postgres;
    private HikariDataSource db;
    private Vault vault;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(4);
        db = new HikariDataSource(config);
        Migrations.apply(db, "vault");
        Migrations.apply(db, "audit");
        vault = Vault.open(VaultSettings.local(tmp.resolve("keys")), db, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        vault.close();
        db.close();
        postgres.close();
    }

    private void record(int from, int count) {
        for (int i = from; i < from + count; i++) {
            vault.record(new AuditEvent.PolicyChange("egress", "v" + i, "sha256:" + i, false,
                    Principal.operator("operator-1"), Instant.parse("2026-11-23T08:00:00Z")));
        }
    }

    private TransparencyLog openLog(UnaryOperator<LogSettings> tune) throws Exception {
        NoteSigner signer = NoteSigner.generate(ORIGIN, new SecureRandom());
        return TransparencyLog.open(tune.apply(LogSettings.defaults(tmp.resolve("log"), signer)));
    }

    private AuditRelay startRelay(TransparencyLog log) throws Exception {
        return AuditRelay.start(log, vault, new RelayProgress(db, Clock.systemUTC(), ORIGIN),
                AuditLogSettings.defaults().withPollInterval(Duration.ofMillis(20)), registry);
    }

    private static List<Long> eventIds(TransparencyLog log, int count) throws Exception {
        log.awaitCheckpoint(count - 1, Duration.ofSeconds(20));
        List<Long> ids = new ArrayList<>();
        for (byte[] entry : log.entries(0, count)) {
            ids.add(((AuditEntry.Relayed) AuditEntryCodec.decode(entry)).eventId());
        }
        return ids;
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void relay_logPushesBack_retriesSmallerBatchesAndDropsNothing() throws Exception {
        record(0, 40);
        try (TransparencyLog log = openLog(s -> s.withBatching(4, Duration.ZERO, Duration.ofMillis(100))
                .withIntakeCapacity(4))) {
            try (AuditRelay relay = startRelay(log)) {
                AuditServers.await(() -> relay.lastEvent() == 40, "all 40 events in the log");
                assertThat(relay.problem()).isEmpty();
            }
            assertThat(eventIds(log, 40)).containsExactlyElementsOf(oneTo(40));
            assertThat(log.health().sequenced()).isEqualTo(40);
        }
        assertThat(registry.get("custos.audit.relay.pushbacks").counter().count()).isPositive();
        assertThat(registry.get("custos.audit.relay.appended").counter().count()).isEqualTo(40);
    }

    @Test
    void relay_bookkeepingFailsAfterAnAppend_retriesItAloneAndAppendsNothingTwice() throws Exception {
        try (TransparencyLog log = openLog(s -> s); AuditRelay relay = startRelay(log)) {
            execute("ALTER TABLE audit_relay_progress RENAME TO audit_relay_progress_away");
            record(0, 10);
            AuditServers.await(() -> log.health().sequenced() > 0 && relay.problem().isPresent(),
                    "an append, then the failing bookkeeping");
            long appended = log.health().sequenced();
            Thread.sleep(300); // several retries of the bookkeeping while the table is away
            assertThat(log.health().sequenced()).as("nothing appended until the bookkeeping is written")
                    .isEqualTo(appended);

            execute("ALTER TABLE audit_relay_progress_away RENAME TO audit_relay_progress");
            AuditServers.await(() -> relay.problem().isEmpty(), "the bookkeeping to be written");
            record(10, 5);
            AuditServers.await(() -> relay.lastEvent() == 15, "the next events");
            assertThat(eventIds(log, 15)).containsExactlyElementsOf(oneTo(15));
            assertThat(log.health().sequenced()).isEqualTo(15);
            AuditServers.await(() -> lastRecordedEvent() == 15, "the progress row");
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long lastRecordedEvent() {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT last_event FROM audit_relay_progress")) {
            return rows.next() ? rows.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}

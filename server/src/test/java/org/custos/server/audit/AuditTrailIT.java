package org.custos.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.custos.server.CustosServer;
import org.custos.tlog.entry.AuditEntry;
import org.custos.vault.AccessContext;
import org.custos.vault.Column;
import org.custos.vault.Principal;
import org.custos.vault.Purpose;
import org.custos.vault.SubjectId;
import org.custos.vault.Vault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the log holds after real use of a real server: no personal data, and service reads summed per window. */
class AuditTrailIT {
    @TempDir
    static Path dataDir;

    private static CustosServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = CustosServer.start(AuditServers.config(dataDir, Duration.ofSeconds(1)), Clock.systemUTC());
        base = server.baseUri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A user of the population: what must never appear in the log in the clear. */
    private record Person(long id, String handle, String email, String birthDate) {}

    @Test
    void log_afterSignUpsWatchesAndOperatorReads_holdsNoPersonalData() throws Exception {
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String handle = "pd_" + Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()), 36);
            String birthDate = "19%02d-%02d-%02d".formatted(50 + i, 1 + i % 12, 10 + i);
            long id = AuditServers.signUp(base, handle, birthDate);
            people.add(new Person(id, handle, handle + "@example.org", birthDate));
            String token = AuditServers.logIn(base, handle);
            AuditServers.post(base, "/v1/events/watch", token, """
                    {"events":[{"id":"%s","videoId":1,"watchedMs":1200}]}""".formatted(UUID.randomUUID()));
        }
        Vault vault = server.boundary().vault();
        AccessContext support = new AccessContext(Principal.operator("operator-7"),
                new Purpose("support.debug-account"));
        AccessContext recommender = new AccessContext(Principal.service("recommender"), new Purpose("feed.for-you"));
        for (Person person : people) {
            byte[][] row = sealedRow(person.id());
            vault.openString(support, new SubjectId(person.id()), Column.of("app_users.email"), row[0]);
            vault.openString(support, new SubjectId(person.id()), Column.of("app_users.birth_date"), row[1]);
            vault.openString(recommender, new SubjectId(person.id()), Column.of("app_users.region"), row[2]);
        }
        Thread.sleep(3_500); // one service window and its grace, so that the service reads are flushed too
        AuditServers.awaitRelayed(server);

        List<byte[]> entries = AuditServers.entryBytes(server);
        assertThat(entries).hasSizeGreaterThan(2 * people.size());
        for (byte[] bytes : entries) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            for (Person person : people) {
                assertThat(text).doesNotContain(person.handle()).doesNotContain(person.email())
                        .doesNotContain(person.birthDate()).doesNotContain(person.birthDate().replace("-", ""));
            }
            AuditEntry entry = org.custos.tlog.entry.AuditEntryCodec.decode(bytes);
            for (String field : textFields(entry)) {
                for (Person person : people) {
                    String id = Long.toString(person.id());
                    assertThat(field).as("a field of %s", entry).isNotEqualTo(id)
                            .doesNotEndWith(":" + id).doesNotContain("#" + id);
                }
            }
        }
        assertThat(AuditServers.entries(server)).filteredOn(e -> e instanceof AuditEntry.ProtectedRead)
                .hasSizeGreaterThanOrEqualTo(2 * people.size());
    }

    @Test
    void serviceReads_manyReadsAndNotes_becomeFewEntriesWithExactCounts() throws Exception {
        Vault vault = server.boundary().vault();
        AccessContext context = new AccessContext(Principal.service("recommender-trainer"),
                new Purpose("model.training"));
        Column watches = Column.of("app_watch_events.video_id");
        for (int i = 0; i < 600; i++) {
            vault.noteServiceRead(context, watches, new SubjectId(1_000 + i % 4), 1);
        }
        vault.noteServiceRead(context, watches, new SubjectId(1_000), 400);
        Thread.sleep(3_500);
        AuditServers.awaitRelayed(server);

        List<AuditEntry.ServiceReads> reads = AuditServers.entries(server).stream()
                .filter(e -> e instanceof AuditEntry.ServiceReads r && r.principal().equals("service:recommender-trainer"))
                .map(e -> (AuditEntry.ServiceReads) e).toList();
        assertThat(reads).isNotEmpty().hasSizeLessThanOrEqualTo(4); // the reads span at most a few 1 s windows
        assertThat(reads.stream().mapToLong(AuditEntry.ServiceReads::count).sum()).isEqualTo(1_000);
        assertThat(reads).allSatisfy(r -> {
            assertThat(r.columns()).containsExactly("app_watch_events.video_id");
            assertThat(r.subjects()).isBetween(1L, 4L);
            assertThat(r.windowStart()).isBefore(r.time());
        });
    }

    private static byte[][] sealedRow(long id) throws Exception {
        try (Connection c = server.boundary().dataSource().getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT email, birth_date, region FROM app_users WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new byte[][] {rows.getBytes(1), rows.getBytes(2), rows.getBytes(3)};
            }
        }
    }

    /** Every text value of an entry, including list items, read off its record components. */
    private static List<String> textFields(AuditEntry entry) throws Exception {
        List<String> out = new ArrayList<>();
        for (RecordComponent component : entry.getClass().getRecordComponents()) {
            Object value = component.getAccessor().invoke(entry);
            if (value instanceof String text) {
                out.add(text);
            } else if (value instanceof List<?> list) {
                list.forEach(item -> out.add(item.toString()));
            }
        }
        return out;
    }
}

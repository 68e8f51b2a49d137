package org.custos.tlog.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.custos.tlog.LogSettings;
import org.custos.tlog.TransparencyLog;
import org.custos.tlog.entry.AuditEntry;
import org.custos.tlog.entry.AuditEntryCodec;
import org.custos.tlog.entry.Pseudonym;
import org.custos.tlog.note.NoteSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log entries}: a regulator lists a real log's entries by kind and time, as a table or JSON Lines. */
class LogEntriesCommandIT {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path tmp;

    @Test
    void entries_filteredByKindAndTime_asTableAndJson() throws Exception {
        Path dir = tmp.resolve("log");
        NoteSigner signer = KeyFiles.loadOrCreate(tmp.resolve("log.key"), "example.org/audit", new SecureRandom());
        List<byte[]> entries = new ArrayList<>();
        // more than one entry bundle of 256
        for (int i = 0; i < 300; i++) {
            AuditEntry entry = i % 3 == 0
                    ? new AuditEntry.KeyEvent(i + 1, T0.plusSeconds(i), AuditEntry.KeyChange.SHREDDED, "dek:" + i,
                            List.of(new Pseudonym("ps1:" + "0123456789abcdef".repeat(2))))
                    : new AuditEntry.BuildMeasured(i + 1, T0.plusSeconds(i), DIGEST, "25.0.3+9-LTS",
                            List.of("custos-server.jar@" + DIGEST));
            entries.add(AuditEntryCodec.encode(entry));
        }
        try (TransparencyLog log = TransparencyLog.open(LogSettings.defaults(dir, signer))) {
            log.appendAll(entries);
            log.awaitCheckpoint(entries.size() - 1, Duration.ofMinutes(1));
        }
        String vkey = signer.verifierKey().encode();

        LogCommandIT.Run table = LogCommandIT.run(new LogCommand(), "entries", "--url", dir.toString(), "--vkey", vkey,
                "--kind", "key-event", "--since", T0.plusSeconds(150).toString());
        assertThat(table.exit()).as(table.err()).isZero();
        List<String> rows = table.out().lines().toList();
        assertThat(rows.getFirst()).startsWith("index").contains("kind");
        // key events at 150, 153, ..., 297
        assertThat(rows).hasSize(1 + 50);
        assertThat(rows.get(1)).startsWith("150 ").contains("key-event").contains("change=SHREDDED")
                .contains("keyId=dek:150");
        assertThat(table.err()).contains("50 of 300 entries under example.org/audit@300");

        LogCommandIT.Run json = LogCommandIT.run(new LogCommand(), "entries", "--url", dir.toString(), "--vkey", vkey,
                "--kind", "build-measured", "--until", T0.plusSeconds(3).toString(), "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        List<JsonNode> objects = new ArrayList<>();
        for (String line : json.out().lines().toList()) {
            objects.add(new ObjectMapper().readTree(line));
        }
        assertThat(objects).hasSize(2);
        assertThat(objects.getFirst().path("index").asLong()).isEqualTo(1);
        assertThat(objects.getFirst().path("kind").asText()).isEqualTo("build-measured");
        assertThat(objects.getFirst().path("time").asText()).isEqualTo(T0.plusSeconds(1).toString());
        assertThat(objects.getFirst().path("components").get(0).asText()).isEqualTo("custos-server.jar@" + DIGEST);
    }

    @Test
    void entries_badArgumentsOrAnotherKey_saySoWithoutAStackTrace() throws Exception {
        Path dir = tmp.resolve("log");
        NoteSigner signer = KeyFiles.loadOrCreate(tmp.resolve("log.key"), "example.org/audit", new SecureRandom());
        try (TransparencyLog log = TransparencyLog.open(LogSettings.defaults(dir, signer))) {
            log.appendAll(List.of(AuditEntryCodec.encode(new AuditEntry.BuildMeasured(1, T0, DIGEST, "25",
                    List.of("a.jar@" + DIGEST)))));
            log.awaitCheckpoint(0, Duration.ofMinutes(1));
        }
        String vkey = signer.verifierKey().encode();
        NoteSigner other = KeyFiles.loadOrCreate(tmp.resolve("other.key"), "example.org/audit", new SecureRandom());

        LogCommandIT.Run kind = LogCommandIT.run(new LogCommand(), "entries", "--url", dir.toString(), "--vkey", vkey,
                "--kind", "gossip");
        assertThat(kind.exit()).isEqualTo(2);
        assertThat(kind.err()).contains("unknown kind 'gossip'").contains("key-event");
        LogCommandIT.Run time = LogCommandIT.run(new LogCommand(), "entries", "--url", dir.toString(), "--vkey", vkey,
                "--since", "yesterday");
        assertThat(time.exit()).isEqualTo(2);
        assertThat(time.err()).contains("--since and --until take an instant");
        LogCommandIT.Run forged = LogCommandIT.run(new LogCommand(), "entries", "--url", dir.toString(), "--vkey",
                other.verifierKey().encode());
        assertThat(forged.exit()).isEqualTo(2);
        assertThat(forged.out()).isEmpty();
        assertThat(forged.err()).contains("cannot read the log").doesNotContain("\tat ");
        LogCommandIT.Run list = LogCommandIT.run(new LogCommand(), "entries", "--url", dir.toString(), "--vkey", vkey,
                "--kind", "list");
        assertThat(list.out().lines().toList()).contains("egress-flow", "access-step", "policy-change", "release-step",
                "engine-event", "key-event");
    }
}

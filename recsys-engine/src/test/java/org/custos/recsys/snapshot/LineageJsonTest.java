package org.custos.recsys.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.custos.recsys.Lineage;
import org.junit.jupiter.api.Test;

class LineageJsonTest {

    private static final Lineage LINEAGE = new Lineage(Instant.parse("2026-01-10T12:00:00Z"),
            Instant.parse("2026-01-10T12:49:59.123Z"), 3_000, 1_534, "6f0c".repeat(16), 3_000,
            "custos-recsys/mtfm-3");

    @Test
    void write_isOneLineOfJsonWithTheDocumentedKeys() {
        assertThat(new String(LineageJson.write(LINEAGE), StandardCharsets.UTF_8)).isEqualTo(
                "{\"firstEvent\": \"2026-01-10T12:00:00Z\", \"lastEvent\": \"2026-01-10T12:49:59.123Z\", "
                        + "\"events\": 3000, \"positives\": 1534, \"dataDigest\": \"" + "6f0c".repeat(16) + "\", "
                        + "\"position\": 3000, \"codeVersion\": \"custos-recsys/mtfm-3\"}\n");
    }

    @Property(tries = 200)
    void read_ofWrite_isTheSameLineage(@ForAll @LongRange(min = 0, max = 1L << 40) long events,
                                       @ForAll @LongRange(min = -(1L << 40), max = 1L << 40) long ms,
                                       @ForAll("texts") String codeVersion) throws IOException {
        Lineage lineage = new Lineage(Instant.ofEpochMilli(ms), Instant.ofEpochMilli(ms + 1), events, events / 2,
                "ab".repeat(32), events + 7, codeVersion);

        assertThat(LineageJson.read(LineageJson.write(lineage))).isEqualTo(lineage);
    }

    /** Any text without lone surrogates (which UTF-8 cannot carry), control characters and quotes included. */
    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> texts() {
        return net.jqwik.api.Arbitraries.strings().withCharRange('\u0000', '\ud7ff').ofMaxLength(40);
    }

    /** Earlier snapshots' headers: pretty-printed, keys in any order, escapes. */
    @Test
    void read_prettyPrintedInAnyOrder_isAccepted() throws IOException {
        String json = """
                {
                  "codeVersion" : "custos-recsys\\/mtfm-3",
                  "position" : 3000,
                  "dataDigest" : "%s",
                  "events" : 3000,
                  "lastEvent" : "2026-01-10T12:49:59.123Z",
                  "positives" : 1534,
                  "firstEvent" : "2026-01-10T12:00:00Z"
                }
                """.formatted("6f0c".repeat(16));

        assertThat(LineageJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(LINEAGE);
    }

    @Test
    void read_notTheShape_failsNamingWhat() {
        for (String bad : new String[] {"", "[]", "{\"events\": 1}", "{\"events\": \"1\"}",
                "{\"firstEvent\": 1} trailing", "{\"a\": 1, \"a\": 2}", "{\"a\": \"\\q\"}"}) {
            assertThatThrownBy(() -> LineageJson.read(bad.getBytes(StandardCharsets.UTF_8)))
                    .as(bad).isInstanceOf(IOException.class).hasMessageContaining("lineage");
        }
    }
}

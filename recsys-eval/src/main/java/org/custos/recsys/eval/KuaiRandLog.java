package org.custos.recsys.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.custos.recsys.InteractionEvent;

/**
 * Reads interaction logs in the KuaiRand-Pure format ({@code log_standard_*.csv}). Only the columns an app
 * would know at impression time become event fields; {@code play_time_ms} and the outcome columns become the
 * event's outcome (labels). The dataset's own {@code is_click} (valid play) and {@code long_view} flags are kept
 * as they are rather than recomputed, so that the evaluation scores against the published labels.
 */
public final class KuaiRandLog {

    /** The one region of this data set (one app, one country). */
    public static final String REGION = "all";

    private static final List<String> REQUIRED = List.of("user_id", "video_id", "date", "time_ms", "is_click",
            "is_like", "is_follow", "is_hate", "long_view", "play_time_ms", "tab");

    private KuaiRandLog() {
    }

    /** One logged impression: the event and the day (yyyymmdd, Beijing time) it was logged on. */
    public record Row(InteractionEvent event, int date) {
    }

    /** Reads every file and returns the rows sorted by event time (stable, so file order breaks ties). */
    public static List<Row> read(List<Path> files) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            readInto(file, rows);
        }
        rows.sort(Comparator.comparing((Row r) -> r.event().at()));
        return rows;
    }

    private static void readInto(Path file, List<Row> rows) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String header = reader.readLine();
            if (header == null) {
                throw new IOException(file + " is empty; expected a KuaiRand-Pure log with a header row");
            }
            List<String> columns = Arrays.asList(header.strip().split(","));
            for (String required : REQUIRED) {
                if (!columns.contains(required)) {
                    throw new IOException(file + " lacks column '" + required + "'; columns are " + columns);
                }
            }
            int[] at = REQUIRED.stream().mapToInt(columns::indexOf).toArray();
            String line;
            long lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                try {
                    long time = Long.parseLong(f[at[3]]);
                    InteractionEvent event = new InteractionEvent(Long.parseLong(f[at[0]]), Long.parseLong(f[at[1]]),
                            Instant.ofEpochMilli(time), Long.parseLong(f[at[9]]), flag(f[at[4]]), flag(f[at[8]]),
                            flag(f[at[5]]), flag(f[at[7]]), flag(f[at[6]]), Integer.parseInt(f[at[10]]), REGION);
                    rows.add(new Row(event, Integer.parseInt(f[at[2]])));
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + lineNumber + ": not a valid KuaiRand row: " + e.getMessage(), e);
                }
            }
        }
    }

    private static boolean flag(String value) {
        return switch (value) {
            case "1", "1.0" -> true;
            case "0", "0.0", "" -> false;
            default -> throw new IllegalArgumentException("expected a 0/1 flag, got '" + value + "'");
        };
    }
}

package org.custos.app.population;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The parts of the KuaiRand-Pure files the import uses, read in full before anything is written so that a broken
 * file changes nothing. Only the chosen users' log rows are kept; the log is ordered by time.
 */
record KuaiRandFiles(List<Long> users, Map<Long, Video> videos, Map<Long, List<Row>> rowsByUser, long rowsSkipped) {
    static final String USERS = "user_features_pure.csv";
    static final String VIDEOS = "video_features_basic_pure.csv";
    static final String LOG_GLOB = "log_standard_pure_*.csv";

    record Video(long id, long authorId, long durationMs, String uploadDate, List<String> tags) {
    }

    /** One log row; {@code key} is the row's text plus its repeat number, the seed of its client event id. */
    record Row(long videoId, long timeMs, long playTimeMs, long durationMs, boolean click, boolean hate,
               String key) {
    }

    static KuaiRandFiles open(Path directory, int limitUsers) throws IOException {
        TreeSet<Long> ids = new TreeSet<>();
        forEachRow(file(directory, USERS), (line, cells) -> ids.add(number(cells, 0, directory.resolve(USERS), line)));
        List<Long> users = new ArrayList<>(ids).subList(0, Math.min(limitUsers, ids.size()));
        var chosen = new java.util.HashSet<>(users);

        Map<Long, Video> videos = new HashMap<>();
        Path videoFile = file(directory, VIDEOS);
        forEachRow(videoFile, (line, cells) -> {
            long id = number(cells, 0, videoFile, line);
            String duration = cells.get(6);
            long durationMs = duration.isEmpty() ? 0 : (long) Double.parseDouble(duration);
            List<String> tags = cells.size() > 11 && !cells.get(11).isEmpty()
                    ? List.of(cells.get(11).split(",")).stream().map(t -> "kr" + t.strip()).toList() : List.of();
            videos.put(id, new Video(id, number(cells, 1, videoFile, line), durationMs, cells.get(3), tags));
        });

        List<Path> logs = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(directory, LOG_GLOB)) {
            found.forEach(logs::add);
        }
        if (logs.isEmpty()) {
            throw new KuaiRandFormatException(directory.resolve(LOG_GLOB), 0, "no log file matches");
        }
        logs.sort(null);
        Map<Long, List<Row>> rows = new LinkedHashMap<>();
        Map<String, Integer> repeats = new HashMap<>();
        long[] skipped = {0};
        for (Path log : logs) {
            forEachRow(log, (line, cells) -> {
                long user = number(cells, 0, log, line);
                if (!chosen.contains(user)) {
                    return;
                }
                long video = number(cells, 1, log, line);
                if (!videos.containsKey(video)) {
                    skipped[0]++;
                    return;
                }
                String text = String.join(",", cells);
                int repeat = repeats.merge(text, 1, Integer::sum);
                rows.computeIfAbsent(user, u -> new ArrayList<>()).add(new Row(video, number(cells, 4, log, line),
                        number(cells, 12, log, line), number(cells, 13, log, line),
                        number(cells, 5, log, line) == 1, number(cells, 10, log, line) == 1, text + "#" + repeat));
            });
        }
        return new KuaiRandFiles(List.copyOf(users), videos, rows, skipped[0]);
    }

    private interface RowHandler {
        void row(long line, List<String> cells);
    }

    private static Path file(Path directory, String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new KuaiRandFormatException(file, 0, "file not found (is this a KuaiRand-Pure directory?)");
        }
        return file;
    }

    private static void forEachRow(Path file, RowHandler handler) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new KuaiRandFormatException(file, 1, "empty file, a header row was expected");
            }
            long line = 1;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (!text.isBlank()) {
                    try {
                        handler.row(line, cells(text));
                    } catch (NumberFormatException | IndexOutOfBoundsException e) {
                        throw new KuaiRandFormatException(file, line, "row does not parse");
                    }
                }
            }
        }
    }

    private static long number(List<String> cells, int column, Path file, long line) {
        try {
            return (long) Double.parseDouble(cells.get(column));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new KuaiRandFormatException(file, line, "column " + (column + 1) + " is not a number");
        }
    }

    /** Splits one CSV line, honouring double quotes (the range columns hold commas). */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }
}

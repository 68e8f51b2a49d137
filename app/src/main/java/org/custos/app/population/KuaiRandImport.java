package org.custos.app.population;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.custos.app.accounts.ImportedAccounts;
import org.custos.app.videos.ImportedContent;
import org.custos.app.videos.ImportedContent.ImportedWatch;

/**
 * One run of the KuaiRand import: viewers, then the authors and videos their logs reference, then each viewer's
 * events in batches. KuaiRand publishes no email, birth date or region; the import fills placeholders (an address
 * under the reserved {@code .invalid} domain, 2000-01-01, CN) so the rows satisfy the schema, and seals them like
 * real ones.
 */
final class KuaiRandImport {
    static final String SOURCE = "kuairand";
    private static final int BATCH = 500;
    private static final LocalDate UNKNOWN_BIRTH = LocalDate.of(2000, 1, 1);
    private static final String UNKNOWN_REGION = "CN";

    private final ImportedAccounts accounts;
    private final ImportedContent content;
    private final Clock clock;
    private final PopulationImport.Progress progress;

    KuaiRandImport(ImportedAccounts accounts, ImportedContent content, Clock clock,
                   PopulationImport.Progress progress) {
        this.accounts = accounts;
        this.content = content;
        this.clock = clock;
        this.progress = progress;
    }

    PopulationImport.Summary run(KuaiRandFiles files) throws java.io.IOException {
        long started = clock.millis();
        long[] users = {0, 0};
        Map<Long, Long> viewerIds = new HashMap<>();
        long done = 0;
        for (long user : files.users()) {
            var imported = accounts.ensure("kr_" + user, "KuaiRand user " + user, "kr_" + user + "@kuairand.invalid",
                    UNKNOWN_BIRTH, UNKNOWN_REGION, clock.instant());
            viewerIds.put(user, imported.id());
            users[imported.created() ? 0 : 1]++;
            progress.advanced("users", ++done, files.users().size());
        }

        Set<Long> watched = new LinkedHashSet<>();
        files.rowsByUser().values().forEach(rows -> rows.forEach(r -> watched.add(r.videoId())));
        Map<String, Long> existing = content.existing(SOURCE);
        Map<Long, Long> authorIds = new HashMap<>();
        Map<Long, Long> videoIds = new HashMap<>();
        long[] authors = {0, 0};
        long[] videos = {0, 0};
        done = 0;
        for (long videoId : watched) {
            KuaiRandFiles.Video v = files.videos().get(videoId);
            Long known = existing.get(Long.toString(videoId));
            if (known != null) {
                videoIds.put(videoId, known);
                videos[1]++;
            } else {
                long author = authorIds.computeIfAbsent(v.authorId(), a -> {
                    var imported = accounts.ensure("kra_" + a, "KuaiRand author " + a,
                            "kra_" + a + "@kuairand.invalid", UNKNOWN_BIRTH, UNKNOWN_REGION, clock.instant());
                    authors[imported.created() ? 0 : 1]++;
                    return imported.id();
                });
                videoIds.put(videoId, content.addVideo(SOURCE, Long.toString(videoId), author,
                        "KuaiRand video " + videoId, v.tags(), v.durationMs(), uploaded(v)));
                videos[0]++;
            }
            progress.advanced("videos", ++done, watched.size());
        }

        long total = files.rowsByUser().values().stream().mapToLong(List::size).sum();
        long added = 0;
        done = 0;
        for (var entry : files.rowsByUser().entrySet()) {
            long viewer = viewerIds.get(entry.getKey());
            List<KuaiRandFiles.Row> rows = entry.getValue();
            for (int from = 0; from < rows.size(); from += BATCH) {
                List<ImportedWatch> batch = new ArrayList<>();
                for (KuaiRandFiles.Row r : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                    batch.add(watch(r, videoIds.get(r.videoId())));
                }
                added += content.addWatches(viewer, batch, clock.instant());
                done += batch.size();
                progress.advanced("events", done, total);
            }
        }
        return new PopulationImport.Summary(users[0], users[1], authors[0], authors[1], videos[0], videos[1], added,
                total - added, files.rowsSkipped(), clock.millis() - started);
    }

    private static Instant uploaded(KuaiRandFiles.Video v) {
        try {
            return LocalDate.parse(v.uploadDate()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** The source's outcome in the app's terms: a play that was not valid is a skip, "hate" is "not interested". */
    static ImportedWatch watch(KuaiRandFiles.Row r, long videoId) {
        UUID clientId = UUID.nameUUIDFromBytes((SOURCE + ":" + r.key()).getBytes(StandardCharsets.UTF_8));
        boolean completed = r.durationMs() > 0 && r.playTimeMs() >= r.durationMs();
        return new ImportedWatch(clientId, videoId, r.playTimeMs(), completed, !r.click(), r.hate(),
                Instant.ofEpochMilli(r.timeMs()));
    }
}

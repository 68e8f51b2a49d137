package org.custos.recsys.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.custos.recsys.Catalog;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.Video;
import org.custos.recsys.model.LongMap;
import org.custos.recsys.Visibility;

/**
 * A {@link Catalog} over the KuaiRand-Pure feature files, for offline evaluation. Uploads are dated by day only,
 * so a video counts as uploaded at the end of its upload day (Beijing time): the replay never sees a video before
 * it could have existed. Follows are learnt from the replayed events ({@code is_follow}), since the data set
 * ships no follow graph; the replay calls {@link #observe} after the engine has learnt each batch.
 */
public final class KuaiRandCatalog implements Catalog {

    /** Timestamps of the data set are Beijing time. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    // primitive maps, filled once here and only read after: the engine looks up a video and a viewer per event
    private final LongMap<Video> videos;
    private final List<Video> byUpload;
    private final Map<Long, List<Video>> byAuthor = new HashMap<>();
    private final LongMap<Set<String>> attributes;
    private final Map<Long, Set<Long>> follows = new HashMap<>();
    private volatile Instant now = Instant.MAX;

    private KuaiRandCatalog(Map<Long, Video> videos, Map<Long, Set<String>> attributes) {
        this.videos = new LongMap<>(videos.size());
        videos.forEach(this.videos::put);
        this.attributes = new LongMap<>(attributes.size());
        attributes.forEach(this.attributes::put);
        this.byUpload = new ArrayList<>(videos.values());
        byUpload.sort(Comparator.comparing(Video::uploadedAt).reversed().thenComparing(Video::id));
        for (Video v : byUpload) {
            byAuthor.computeIfAbsent(v.authorId(), a -> new ArrayList<>()).add(v);
        }
    }

    /** Loads {@code video_features_basic_pure.csv} and, when present, {@code user_features_pure.csv}. */
    public static KuaiRandCatalog load(Path featuresDir) throws IOException {
        Path videoFile = featuresDir.resolve("video_features_basic_pure.csv");
        if (!Files.isRegularFile(videoFile)) {
            throw new IOException("no video_features_basic_pure.csv in " + featuresDir);
        }
        Map<Long, Video> videos = new HashMap<>();
        for (Map<String, String> row : Csv.rows(videoFile)) {
            long id = Long.parseLong(row.get("video_id"));
            Instant uploaded = row.get("upload_dt").isBlank() ? Instant.EPOCH
                    : LocalDate.parse(row.get("upload_dt")).plusDays(1).atStartOfDay(ZONE).toInstant();
            String duration = row.get("video_duration");
            long durationMs = duration.isBlank() ? 0 : (long) Double.parseDouble(duration);
            List<String> tags = row.get("tag").isBlank() ? List.of() : Arrays.asList(row.get("tag").split(","));
            videos.put(id, new Video(id, Long.parseLong(row.get("author_id")), tags, durationMs, uploaded,
                    KuaiRandLog.REGION, Visibility.PUBLIC));
        }
        Map<Long, Set<String>> attributes = new HashMap<>();
        Path userFile = featuresDir.resolve("user_features_pure.csv");
        if (Files.isRegularFile(userFile)) {
            for (Map<String, String> row : Csv.rows(userFile)) {
                Set<String> tokens = new LinkedHashSet<>();
                for (Map.Entry<String, String> cell : row.entrySet()) {
                    String column = cell.getKey();
                    // raw counts are kept only as their published ranges; ids are not attributes
                    if (!column.equals("user_id") && !column.endsWith("_num") && !column.equals("register_days")) {
                        tokens.add(column + "=" + cell.getValue());
                    }
                }
                // in column order, not Set.copyOf's per-run order: the keys' order is the order of the model's
                // float sums, and a fixed seed must give the same result in every run
                attributes.put(Long.parseLong(row.get("user_id")), java.util.Collections.unmodifiableSet(tokens));
            }
        }
        return new KuaiRandCatalog(videos, attributes);
    }

    /** Sets the replay clock: videos uploaded after it are not offered as fresh or followed candidates. */
    public void setNow(Instant replayTime) {
        this.now = replayTime;
    }

    /** Forgets learnt follows, so that each replay starts from the same state. */
    public synchronized void resetFollows() {
        follows.clear();
    }

    /** Learns follows from replayed events. */
    public synchronized void observe(List<InteractionEvent> events) {
        for (InteractionEvent e : events) {
            if (e.followedAuthor()) {
                Video v = videos.get(e.videoId());
                if (v != null) {
                    follows.computeIfAbsent(e.userId(), u -> new HashSet<>()).add(v.authorId());
                }
            }
        }
    }

    public int size() {
        return videos.size();
    }

    @Override
    public Optional<Video> video(long videoId) {
        return Optional.ofNullable(videos.get(videoId));
    }

    @Override
    public List<Video> uploadedSince(Instant since, int limit) {
        List<Video> out = new ArrayList<>();
        for (Video v : byUpload) {
            if (v.uploadedAt().isBefore(since) || out.size() == limit) {
                break;
            }
            if (!v.uploadedAt().isAfter(now)) {
                out.add(v);
            }
        }
        return out;
    }

    @Override
    public List<Video> recentByAuthors(Set<Long> authorIds, int limit) {
        List<Video> out = new ArrayList<>();
        for (long author : authorIds) {
            for (Video v : byAuthor.getOrDefault(author, List.of())) {
                if (!v.uploadedAt().isAfter(now)) {
                    out.add(v);
                }
            }
        }
        out.sort(Comparator.comparing(Video::uploadedAt).reversed());
        return out.subList(0, Math.min(limit, out.size()));
    }

    @Override
    public synchronized Set<Long> followees(long userId) {
        return Set.copyOf(follows.getOrDefault(userId, Set.of()));
    }

    @Override
    public Set<String> userAttributes(long userId) {
        Set<String> known = attributes.get(userId);
        return known == null ? Set.of() : known;
    }
}

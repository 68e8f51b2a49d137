package org.custos.recsys;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A small in-memory catalogue for tests: videos and follows set by the test. */
public final class TestCatalog implements Catalog {

    private final Map<Long, Video> videos = new ConcurrentHashMap<>();
    private final Map<Long, Set<Long>> follows = new HashMap<>();

    public TestCatalog add(Video video) {
        videos.put(video.id(), video);
        return this;
    }

    public synchronized TestCatalog follow(long user, long author) {
        follows.computeIfAbsent(user, u -> new HashSet<>()).add(author);
        return this;
    }

    @Override
    public Optional<Video> video(long videoId) {
        return Optional.ofNullable(videos.get(videoId));
    }

    @Override
    public List<Video> uploadedSince(Instant since, int limit) {
        return videos.values().stream().filter(v -> !v.uploadedAt().isBefore(since))
                .sorted(Comparator.comparing(Video::uploadedAt).reversed()).limit(limit).toList();
    }

    @Override
    public List<Video> recentByAuthors(Set<Long> authorIds, int limit) {
        return videos.values().stream().filter(v -> authorIds.contains(v.authorId()))
                .sorted(Comparator.comparing(Video::uploadedAt).reversed()).limit(limit).toList();
    }

    @Override
    public synchronized Set<Long> followees(long userId) {
        return Set.copyOf(follows.getOrDefault(userId, Set.of()));
    }
}

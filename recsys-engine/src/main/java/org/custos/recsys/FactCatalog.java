package org.custos.recsys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import org.custos.recsys.api.Audience;
import org.custos.recsys.api.Fact;
import org.custos.recsys.model.SharedLongMap;

/**
 * The engine's own view of videos and follows, built from the host's facts alone: the confined engine never
 * reaches the app's storage, so what {@link Catalog} answers is what {@link Fact.VideoPublished} (upsert),
 * {@link Fact.VideoWithdrawn} (remove) and {@link Fact.Followed} (one follow edge, by pseudonym) said. Members and
 * authors are pseudonyms; every video's region is {@link #REGION}, as the contract carries none.
 *
 * <p>Threads: one writer (the learner) and any number of readers (rank requests), which never lock. Videos and
 * follow sets live in lock-free maps; each author's videos are an immutable array, newest first, replaced whole
 * when it changes; the upload-time index is a concurrent skip list. A writer changes the video map before the
 * indexes on an upload and after them on a withdrawal, and a reader looks every index hit up in the video map, so
 * a withdrawn video is never answered once {@link #withdraw} returned.
 *
 * <p>Cost on the request path: {@link #uploadedSince} walks the time index from the newest upload and stops after
 * {@code limit} videos; {@link #recentByAuthors} reads one array per author asked about and merges them with a
 * heap, stopping after {@code limit}. Memory is one entry per current video in each of the three structures and one
 * set per follower; withdrawn videos and unfollowed edges leave nothing behind.
 */
public final class FactCatalog implements Catalog {

    /** The region of every video and event that crosses the contract (it carries none). */
    public static final String REGION = "all";

    /** Newest first, then by id (descending) among videos uploaded in the same millisecond. */
    private static final Comparator<Video> NEWEST_FIRST = Comparator
            .comparing(Video::uploadedAt, Comparator.reverseOrder())
            .thenComparing(Video::id, Comparator.reverseOrder());
    private static final Video[] NONE = new Video[0];

    /** A video's place in the upload-time index. */
    private record Stamp(long uploadedMs, long video) {
    }

    private static final Comparator<Stamp> STAMPS_NEWEST_FIRST = Comparator
            .comparingLong(Stamp::uploadedMs).reversed()
            .thenComparing(Comparator.comparingLong(Stamp::video).reversed());

    private final SharedLongMap<Video> videos = new SharedLongMap<>(1 << 12);
    private final ConcurrentSkipListSet<Stamp> byTime = new ConcurrentSkipListSet<>(STAMPS_NEWEST_FIRST);
    private final SharedLongMap<Video[]> byAuthor = new SharedLongMap<>(1 << 10);
    private final SharedLongMap<Set<Long>> followees = new SharedLongMap<>(1 << 10);
    /** Current videos carrying each tag (writer only). */
    private final Map<String, Integer> tagCounts = new HashMap<>();

    /** Adds the video, or replaces what an earlier fact said about it; a repeat of the same fact changes nothing. */
    public synchronized void publish(Fact.VideoPublished fact) {
        Video video = new Video(fact.video(), fact.author(), fact.tags(), fact.durationMs(),
                Instant.ofEpochMilli(fact.uploadedAtMs()), REGION,
                fact.audience() == Audience.PUBLIC ? Visibility.PUBLIC : Visibility.FOLLOWERS);
        Video old = videos.get(video.id());
        if (video.equals(old)) {
            return;
        }
        videos.put(video.id(), video);
        if (old != null) {
            unindex(old);
        }
        index(video);
    }

    /** Removes the video; returns what was known of it, or empty when it was not in the catalogue. */
    public synchronized Optional<Video> withdraw(long videoId) {
        Video old = videos.remove(videoId);
        if (old != null) {
            unindex(old);
        }
        return Optional.ofNullable(old);
    }

    /** Adds or removes one follow edge. */
    public synchronized void follow(Fact.Followed fact) {
        Set<Long> current = followees.get(fact.follower());
        boolean has = current != null && current.contains(fact.author());
        if (fact.following() == has) {
            return;
        }
        Set<Long> next = current == null ? new HashSet<>() : new HashSet<>(current);
        if (fact.following()) {
            next.add(fact.author());
        } else {
            next.remove(fact.author());
        }
        if (next.isEmpty()) {
            followees.remove(fact.follower());
        } else {
            followees.put(fact.follower(), Collections.unmodifiableSet(next));
        }
    }

    /**
     * Erasure: drops every follow edge of the member (as follower and as the one followed) and withdraws every
     * video it authored; returns those videos. Finding who follows the member scans the follow sets once.
     */
    public synchronized List<Video> forget(long member) {
        followees.remove(member);
        List<Long> followers = new ArrayList<>();
        followees.forEach((follower, authors) -> {
            if (authors.contains(member)) {
                followers.add(follower);
            }
        });
        for (long follower : followers) {
            follow(new Fact.Followed(follower, member, false));
        }
        Video[] authored = byAuthor.get(member);
        List<Video> own = List.of(authored == null ? NONE : authored);
        for (Video video : own) {
            withdraw(video.id());
        }
        return own;
    }

    @Override
    public Optional<Video> video(long videoId) {
        return Optional.ofNullable(videos.get(videoId));
    }

    @Override
    public List<Video> uploadedSince(Instant since, int limit) {
        if (limit < 1) {
            return List.of();
        }
        long from = millis(since);
        List<Video> out = new ArrayList<>(Math.min(limit, 64));
        for (Stamp stamp : byTime) {
            if (stamp.uploadedMs() < from || out.size() == limit) {
                break;
            }
            Video video = videos.get(stamp.video());
            // an entry of a video withdrawn or re-dated meanwhile: the map has the truth
            if (video != null && video.uploadedAt().toEpochMilli() == stamp.uploadedMs()) {
                out.add(video);
            }
        }
        return out;
    }

    @Override
    public List<Video> recentByAuthors(Set<Long> authorIds, int limit) {
        if (limit < 1 || authorIds.isEmpty()) {
            return List.of();
        }
        List<Video[]> lists = new ArrayList<>();
        for (long author : authorIds) {
            Video[] list = byAuthor.get(author);
            if (list != null && list.length > 0) {
                lists.add(list);
            }
        }
        if (lists.isEmpty()) {
            return List.of();
        }
        if (lists.size() == 1) {
            return List.of(Arrays.copyOf(lists.getFirst(), Math.min(limit, lists.getFirst().length)));
        }
        int[] next = new int[lists.size()];
        PriorityQueue<Integer> heads = new PriorityQueue<>(lists.size(),
                (a, b) -> NEWEST_FIRST.compare(lists.get(a)[next[a]], lists.get(b)[next[b]]));
        for (int i = 0; i < lists.size(); i++) {
            heads.add(i);
        }
        List<Video> out = new ArrayList<>(Math.min(limit, 64));
        while (out.size() < limit && !heads.isEmpty()) {
            int i = heads.poll();
            out.add(lists.get(i)[next[i]++]);
            if (next[i] < lists.get(i).length) {
                heads.add(i);
            }
        }
        return out;
    }

    @Override
    public Set<Long> followees(long userId) {
        Set<Long> authors = followees.get(userId);
        return authors == null ? Set.of() : authors;
    }

    /** Videos in the catalogue. */
    public int size() {
        return videos.size();
    }

    /** Every author with at least one video in the catalogue (writer thread). */
    public synchronized long[] authors() {
        long[] out = new long[byAuthor.size()];
        int[] n = {0};
        byAuthor.forEach((author, list) -> {
            if (n[0] < out.length) {
                out[n[0]++] = author;
            }
        });
        return Arrays.copyOf(out, n[0]);
    }

    /** Every tag some video in the catalogue carries (writer thread). */
    public synchronized Set<String> tags() {
        return Set.copyOf(tagCounts.keySet());
    }

    private void index(Video video) {
        byTime.add(stamp(video));
        Video[] list = byAuthor.get(video.authorId());
        Video[] next = list == null ? new Video[1] : Arrays.copyOf(list, list.length + 1);
        int at = list == null ? 0 : insertionPoint(list, video);
        if (list != null) {
            System.arraycopy(list, at, next, at + 1, list.length - at);
        }
        next[at] = video;
        byAuthor.put(video.authorId(), next);
        for (String tag : video.tags()) {
            tagCounts.merge(tag, 1, Integer::sum);
        }
    }

    private void unindex(Video old) {
        byTime.remove(stamp(old));
        Video[] list = byAuthor.get(old.authorId());
        if (list != null) {
            Video[] next = Arrays.stream(list).filter(v -> v.id() != old.id()).toArray(Video[]::new);
            if (next.length == 0) {
                byAuthor.remove(old.authorId());
            } else if (next.length < list.length) {
                byAuthor.put(old.authorId(), next);
            }
        }
        for (String tag : old.tags()) {
            tagCounts.computeIfPresent(tag, (t, n) -> n == 1 ? null : n - 1);
        }
    }

    private static int insertionPoint(Video[] newestFirst, Video video) {
        int found = Arrays.binarySearch(newestFirst, video, NEWEST_FIRST);
        return found >= 0 ? found : -found - 1;
    }

    private static Stamp stamp(Video video) {
        return new Stamp(video.uploadedAt().toEpochMilli(), video.id());
    }

    /** Epoch milliseconds of {@code at}, clamped to what a long holds (a query may reach far into the past). */
    private static long millis(Instant at) {
        if (at.isBefore(Instant.ofEpochMilli(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        if (at.isAfter(Instant.ofEpochMilli(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        return at.toEpochMilli();
    }
}

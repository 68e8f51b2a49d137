package org.custos.recsys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.custos.recsys.api.Audience;
import org.custos.recsys.api.Fact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FactCatalogTest {

    private static final long T0 = 1_700_000_000_000L;

    private static Fact.VideoPublished video(long id, long author, long uploadedMs, String... tags) {
        return new Fact.VideoPublished(id, author, 10_000, uploadedMs, Audience.PUBLIC, List.of(tags));
    }

    private static List<Long> ids(List<Video> videos) {
        return videos.stream().map(Video::id).toList();
    }

    @Test
    void publish_mapsTheFactToAVideoOfTheContractsRegion() {
        FactCatalog catalog = new FactCatalog();
        catalog.publish(new Fact.VideoPublished(1, 9, 12_000, T0, Audience.FOLLOWERS, List.of("a", "b")));

        assertThat(catalog.video(1)).contains(new Video(1, 9, List.of("a", "b"), 12_000, Instant.ofEpochMilli(T0),
                FactCatalog.REGION, Visibility.FOLLOWERS));
        assertThat(catalog.video(2)).isEmpty();
        assertThat(catalog.size()).isEqualTo(1);
    }

    @Test
    void uploadedSince_newestFirst_fromTheBoundInclusive_atMostLimit() {
        FactCatalog catalog = new FactCatalog();
        for (long id = 1; id <= 10; id++) {
            catalog.publish(video(id, 100 + id % 3, T0 + id * 1_000));
        }
        catalog.publish(video(11, 100, T0 + 5_000)); // same millisecond as video 5: the larger id first

        assertThat(ids(catalog.uploadedSince(Instant.ofEpochMilli(T0 + 5_000), 100)))
                .containsExactly(10L, 9L, 8L, 7L, 6L, 11L, 5L);
        assertThat(ids(catalog.uploadedSince(Instant.ofEpochMilli(T0), 3))).containsExactly(10L, 9L, 8L);
        assertThat(catalog.uploadedSince(Instant.ofEpochMilli(T0 + 20_000), 5)).isEmpty();
        assertThat(catalog.uploadedSince(Instant.MIN, 2)).hasSize(2);
    }

    @Test
    void recentByAuthors_mergesTheAuthorsNewestFirst_atMostLimitInAll() {
        FactCatalog catalog = new FactCatalog();
        for (long id = 1; id <= 30; id++) {
            catalog.publish(video(id, 100 + id % 3, T0 + id * 1_000));
        }

        assertThat(ids(catalog.recentByAuthors(Set.of(100L, 101L), 5))).containsExactly(30L, 28L, 27L, 25L, 24L);
        assertThat(ids(catalog.recentByAuthors(Set.of(102L), 3))).containsExactly(29L, 26L, 23L);
        assertThat(catalog.recentByAuthors(Set.of(100L, 101L, 102L, 999L), 100)).hasSize(30)
                .isSortedAccordingTo(Comparator.comparing(Video::uploadedAt).reversed());
        assertThat(catalog.recentByAuthors(Set.of(999L), 10)).isEmpty();
        assertThat(catalog.recentByAuthors(Set.of(), 10)).isEmpty();
    }

    @Test
    void publish_again_replacesTheVideoInEveryIndex() {
        FactCatalog catalog = new FactCatalog();
        catalog.publish(video(1, 100, T0, "old"));
        catalog.publish(video(2, 100, T0 + 1_000));
        catalog.publish(video(1, 100, T0 + 1_000));
        catalog.publish(video(1, 100, T0 + 2_000, "new"));
        catalog.publish(video(1, 100, T0 + 2_000, "new")); // a repeat changes nothing

        assertThat(ids(catalog.uploadedSince(Instant.ofEpochMilli(T0), 10))).containsExactly(1L, 2L);
        assertThat(ids(catalog.recentByAuthors(Set.of(100L), 10))).containsExactly(1L, 2L);
        assertThat(catalog.tags()).containsExactly("new");
        assertThat(catalog.size()).isEqualTo(2);
    }

    @Test
    void withdraw_removesTheVideoFromEveryIndex_andItsAuthorAndTagsWhenLast() {
        FactCatalog catalog = new FactCatalog();
        catalog.publish(video(1, 100, T0, "x", "y"));
        catalog.publish(video(2, 100, T0 + 1_000, "y"));
        catalog.publish(video(3, 200, T0 + 2_000, "z"));

        assertThat(catalog.withdraw(1)).map(Video::id).contains(1L);
        assertThat(catalog.withdraw(1)).isEmpty();

        assertThat(catalog.video(1)).isEmpty();
        assertThat(ids(catalog.uploadedSince(Instant.ofEpochMilli(T0), 10))).containsExactly(3L, 2L);
        assertThat(ids(catalog.recentByAuthors(Set.of(100L, 200L), 10))).containsExactly(3L, 2L);
        assertThat(catalog.tags()).containsExactlyInAnyOrder("y", "z");
        catalog.withdraw(3);
        assertThat(catalog.authors()).containsExactly(100L);
    }

    @Test
    void follow_addsAndRemovesEdges_andFolloweesCannotBeChangedByTheCaller() {
        FactCatalog catalog = new FactCatalog();
        catalog.follow(new Fact.Followed(1, 10, true));
        catalog.follow(new Fact.Followed(1, 11, true));
        catalog.follow(new Fact.Followed(1, 11, true));
        catalog.follow(new Fact.Followed(2, 10, true));
        catalog.follow(new Fact.Followed(2, 10, false));
        catalog.follow(new Fact.Followed(3, 10, false));

        assertThat(catalog.followees(1)).containsExactlyInAnyOrder(10L, 11L);
        assertThat(catalog.followees(2)).isEmpty();
        assertThat(catalog.followees(3)).isEmpty();
        Set<Long> followees = catalog.followees(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> followees.add(12L))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void forget_dropsEdgesBothWaysAndTheMembersVideos() {
        FactCatalog catalog = new FactCatalog();
        catalog.publish(video(1, 7, T0, "mine"));
        catalog.publish(video(2, 8, T0));
        catalog.follow(new Fact.Followed(7, 8, true));
        catalog.follow(new Fact.Followed(9, 7, true));
        catalog.follow(new Fact.Followed(9, 8, true));

        List<Video> withdrawn = catalog.forget(7);

        assertThat(ids(withdrawn)).containsExactly(1L);
        assertThat(catalog.followees(7)).isEmpty();
        assertThat(catalog.followees(9)).containsExactly(8L);
        assertThat(catalog.video(1)).isEmpty();
        assertThat(catalog.authors()).containsExactly(8L);
        assertThat(catalog.tags()).isEmpty();
    }

    /** Readers on other threads see consistent answers while the one writer publishes and withdraws. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readers_whileTheWriterChurns_seeOrderedAnswersOfCurrentVideosOnly() throws Exception {
        FactCatalog catalog = new FactCatalog();
        for (long id = 0; id < 1_000; id++) {
            catalog.publish(video(2 * id, id % 20, T0 + id));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Set<Long> authors = Set.of(1L, 2L, 3L);
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            for (int round = 0; round < 50; round++) {
                for (long id = 0; id < 1_000; id++) {
                    catalog.publish(video(2 * id + 1, id % 20, T0 + id));
                }
                for (long id = 0; id < 1_000; id++) {
                    catalog.withdraw(2 * id + 1);
                }
            }
            done.set(true);
        });
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(Thread.ofPlatform().daemon().start(() -> {
                while (!done.get() && failure.get() == null) {
                    List<Video> fresh = catalog.uploadedSince(Instant.ofEpochMilli(T0 + 500), 50);
                    List<Video> followed = catalog.recentByAuthors(authors, 40);
                    if (fresh.size() < 50 || followed.size() < 40) {
                        failure.compareAndSet(null, "a permanent video went missing");
                    }
                    for (List<Video> answer : List.of(fresh, followed)) {
                        for (int i = 1; i < answer.size(); i++) {
                            if (answer.get(i).uploadedAt().isAfter(answer.get(i - 1).uploadedAt())) {
                                failure.compareAndSet(null, "not newest first: " + ids(answer));
                            }
                        }
                    }
                    if (followed.stream().anyMatch(v -> !authors.contains(v.authorId()))) {
                        failure.compareAndSet(null, "another author's video: " + ids(followed));
                    }
                }
            }));
        }
        writer.join(TimeUnit.SECONDS.toMillis(25));
        for (Thread reader : readers) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }

        assertThat(failure.get()).isNull();
        assertThat(done.get()).isTrue();
        assertThat(catalog.size()).isEqualTo(1_000);
    }
}

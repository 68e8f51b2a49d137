package org.custos.recsys.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.custos.recsys.CandidateOrigin;
import org.custos.recsys.Recommendation;
import org.custos.recsys.Viewer;
import org.custos.recsys.Video;
import org.custos.recsys.Visibility;
import org.custos.recsys.VisibilityFilter;
import org.junit.jupiter.api.Test;

class PageAssemblerTest {

    private static final VisibilityFilter EVERYONE = (viewer, video) -> true;

    private static PageAssembler.Ranked candidate(long id, long author, double score, String... tags) {
        return candidate(id, author, score, Visibility.PUBLIC, tags);
    }

    private static PageAssembler.Ranked candidate(long id, long author, double score, Visibility visibility,
                                                  String... tags) {
        return new PageAssembler.Ranked(new Video(id, author, List.of(tags), 10_000, Instant.EPOCH, "r", visibility),
                score, CandidateOrigin.TRENDING);
    }

    private static List<Long> ids(List<Recommendation> page) {
        return page.stream().map(Recommendation::videoId).toList();
    }

    @Test
    void assemble_watchedVideos_areNeverPlaced() {
        PageAssembler assembler = new PageAssembler(new PageAssembler.Rules(5, 1, 10), EVERYONE);
        List<PageAssembler.Ranked> ranked = List.of(candidate(1, 1, 0.9), candidate(2, 2, 0.8), candidate(3, 3, 0.7));

        List<Recommendation> page = assembler.assemble(Viewer.member(7), ranked, 10, id -> id == 2);

        assertThat(ids(page)).containsExactly(1L, 3L);
    }

    @Test
    void assemble_oneAuthorDominatesScores_capsAuthorPerScreen() {
        PageAssembler assembler = new PageAssembler(new PageAssembler.Rules(2, 1, 5), EVERYONE);
        List<PageAssembler.Ranked> ranked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ranked.add(candidate(i, 100, 1 - i * 0.01));
        }
        for (int i = 6; i < 12; i++) {
            ranked.add(candidate(i, i, 0.1));
        }

        List<Recommendation> page = assembler.assemble(Viewer.member(7), ranked, 10, id -> false);

        assertThat(page).hasSize(10);
        for (int screen = 0; screen < 2; screen++) {
            long fromAuthor = ids(page).subList(screen * 5, screen * 5 + 5).stream().filter(id -> id < 6).count();
            assertThat(fromAuthor).isLessThanOrEqualTo(2);
        }
        assertThat(ids(page).subList(0, 2)).containsExactly(0L, 1L);
    }

    @Test
    void assemble_tagDecay_interleavesTags() {
        PageAssembler assembler = new PageAssembler(new PageAssembler.Rules(10, 0.5, 10), EVERYONE);
        List<PageAssembler.Ranked> ranked = List.of(candidate(1, 1, 1.0, "cats"), candidate(2, 2, 0.95, "cats"),
                candidate(3, 3, 0.9, "cats"), candidate(4, 4, 0.6, "cars"));

        List<Recommendation> page = assembler.assemble(Viewer.member(7), ranked, 4, id -> false);

        // after one "cats" video the next scores 0.475, below the "cars" video at 0.6
        assertThat(ids(page)).containsExactly(1L, 4L, 2L, 3L);
        assertThat(page.get(2).score()).isEqualTo(0.475);
    }

    @Test
    void assemble_noDiversity_keepsScoreOrder() {
        PageAssembler assembler = new PageAssembler(new PageAssembler.Rules(10, 1, 10), EVERYONE);
        List<PageAssembler.Ranked> ranked = List.of(candidate(3, 1, 0.2, "a"), candidate(1, 2, 0.9, "a"),
                candidate(2, 3, 0.5, "a"));

        assertThat(ids(assembler.assemble(Viewer.anonymous(), ranked, 3, id -> false))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void assemble_standardVisibility_hidesPrivateAndFollowersOnlyFromStrangers() {
        Map<Long, Set<Long>> follows = Map.of(7L, Set.of(20L));
        VisibilityFilter standard = VisibilityFilter.standard(new org.custos.recsys.Catalog() {
            @Override
            public java.util.Optional<Video> video(long videoId) {
                return java.util.Optional.empty();
            }

            @Override
            public List<Video> uploadedSince(Instant since, int limit) {
                return List.of();
            }

            @Override
            public List<Video> recentByAuthors(Set<Long> authorIds, int limit) {
                return List.of();
            }

            @Override
            public Set<Long> followees(long userId) {
                return follows.getOrDefault(userId, Set.of());
            }
        });
        PageAssembler assembler = new PageAssembler(new PageAssembler.Rules(10, 1, 10), standard);
        List<PageAssembler.Ranked> ranked = List.of(
                candidate(1, 10, 0.9, Visibility.PRIVATE),
                candidate(2, 20, 0.8, Visibility.FOLLOWERS),
                candidate(3, 30, 0.7, Visibility.FOLLOWERS),
                candidate(4, 7, 0.6, Visibility.PRIVATE),
                candidate(5, 40, 0.5, Visibility.PUBLIC));

        assertThat(ids(assembler.assemble(Viewer.member(7), ranked, 10, id -> false)))
                .containsExactly(2L, 4L, 5L);
        assertThat(ids(assembler.assemble(Viewer.anonymous(), ranked, 10, id -> false))).containsExactly(5L);
    }

    @Test
    void assemble_duplicateCandidates_placedOnce() {
        PageAssembler assembler = new PageAssembler(new PageAssembler.Rules(10, 1, 10), EVERYONE);
        List<PageAssembler.Ranked> ranked = List.of(candidate(1, 1, 0.9), candidate(1, 1, 0.8), candidate(2, 2, 0.1));

        List<Recommendation> page = assembler.assemble(Viewer.member(1), ranked, 10, id -> false);

        assertThat(page.stream().map(Recommendation::videoId).collect(Collectors.toSet())).hasSize(page.size());
    }
}

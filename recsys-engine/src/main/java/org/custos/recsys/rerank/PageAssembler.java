package org.custos.recsys.rerank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongPredicate;
import org.custos.recsys.CandidateOrigin;
import org.custos.recsys.Recommendation;
import org.custos.recsys.Viewer;
import org.custos.recsys.Video;
import org.custos.recsys.VisibilityFilter;

/**
 * Turns ranked candidates into a page under the feed's rules, applied in this order:
 * <ol>
 *   <li>visibility: a video the app's {@link VisibilityFilter} hides from the viewer is never placed;</li>
 *   <li>no repeats: a video the viewer was already shown is skipped, as is a second copy of one video;</li>
 *   <li>at most {@link Rules#maxPerAuthor()} videos of one author per screen;</li>
 *   <li>diversity: each tag already on the screen multiplies a candidate's score by {@link Rules#tagDecay()}
 *       (for its most repeated tag), so a screen drifts across tags unless one tag is far better.</li>
 * </ol>
 * A screen is {@link Rules#screen()} consecutive videos: a long list (a page of 100 for evaluation, or a feed
 * prefetching several screens) is held to the rules screen by screen, as a viewer scrolls through it.
 * The greedy pick is lazy: scores only fall as the page fills, so a candidate whose re-scored value still beats
 * the next stored score is the best, and most candidates are never re-scored.
 */
public final class PageAssembler {

    /**
     * @param maxPerAuthor most videos of one author on a screen
     * @param tagDecay     factor in (0, 1] applied per repeat of a tag already on the screen; 1 turns diversity off
     * @param screen       videos per screen, the span the two rules above hold over
     */
    public record Rules(int maxPerAuthor, double tagDecay, int screen) {
        public Rules {
            if (maxPerAuthor < 1 || screen < 1) {
                throw new IllegalArgumentException("maxPerAuthor and screen must be positive, got " + maxPerAuthor
                        + " and " + screen);
            }
            if (!(tagDecay > 0 && tagDecay <= 1)) {
                throw new IllegalArgumentException("tagDecay must be in (0, 1], got " + tagDecay);
            }
        }
    }

    /** A candidate with its ranking score (non-negative). */
    public record Ranked(Video video, double score, CandidateOrigin origin) {
    }

    private final Rules rules;
    private final VisibilityFilter visibility;

    public PageAssembler(Rules rules, VisibilityFilter visibility) {
        this.rules = rules;
        this.visibility = visibility;
    }

    /**
     * @param seen true for videos the viewer was already shown
     */
    public List<Recommendation> assemble(Viewer viewer, List<Ranked> ranked, int pageSize, LongPredicate seen) {
        record Entry(Ranked candidate, double score, int stamp) {
        }
        PriorityQueue<Entry> queue = new PriorityQueue<>((a, b) -> Double.compare(b.score(), a.score()));
        Set<Long> ids = new HashSet<>();
        for (Ranked r : ranked) {
            if (ids.add(r.video().id()) && !seen.test(r.video().id()) && visibility.visible(viewer, r.video())) {
                queue.add(new Entry(r, r.score(), 0));
            }
        }
        List<Recommendation> page = new ArrayList<>(pageSize);
        Map<Long, Integer> perAuthor = new HashMap<>();
        Map<String, Integer> perTag = new HashMap<>();
        List<Entry> deferred = new ArrayList<>();
        while (page.size() < pageSize && !(queue.isEmpty() && deferred.isEmpty())) {
            if (!page.isEmpty() && page.size() % rules.screen() == 0 && perAuthor.size() + perTag.size() > 0) {
                // a new screen: counts start afresh and every remaining candidate gets its own score back
                perAuthor.clear();
                perTag.clear();
                List<Entry> remaining = new ArrayList<>(queue);
                remaining.addAll(deferred);
                deferred.clear();
                queue.clear();
                for (Entry e : remaining) {
                    queue.add(new Entry(e.candidate(), e.candidate().score(), page.size()));
                }
            }
            if (queue.isEmpty()) {
                break;
            }
            Entry best = queue.poll();
            Video video = best.candidate().video();
            if (perAuthor.getOrDefault(video.authorId(), 0) >= rules.maxPerAuthor()) {
                deferred.add(best);
                continue;
            }
            double score = best.score();
            if (best.stamp() != page.size()) {
                score = best.candidate().score() * Math.pow(rules.tagDecay(), repeats(video, perTag));
                Entry next = queue.peek();
                if (next != null && score < next.score()) {
                    queue.add(new Entry(best.candidate(), score, page.size()));
                    continue;
                }
            }
            page.add(new Recommendation(video.id(), score, best.candidate().origin()));
            perAuthor.merge(video.authorId(), 1, Integer::sum);
            for (String tag : video.tags()) {
                perTag.merge(tag, 1, Integer::sum);
            }
        }
        return page;
    }

    private static int repeats(Video video, Map<String, Integer> perTag) {
        int most = 0;
        for (String tag : video.tags()) {
            most = Math.max(most, perTag.getOrDefault(tag, 0));
        }
        return most;
    }
}

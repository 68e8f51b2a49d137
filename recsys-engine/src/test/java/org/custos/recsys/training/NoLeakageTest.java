package org.custos.recsys.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.custos.recsys.ForYouEngineFixtures;
import org.custos.recsys.InteractionEvent;
import org.custos.recsys.TestCatalog;
import org.custos.recsys.VisibilityFilter;
import org.custos.recsys.model.Task;

class NoLeakageTest {

    private static final TestCatalog CATALOG = ForYouEngineFixtures.catalog();
    private static final List<InteractionEvent> STREAM = ForYouEngineFixtures.watches(600, 21);

    /** The same impressions with every outcome inverted and other play times: the future as it might have been. */
    private static InteractionEvent otherOutcome(InteractionEvent e) {
        return new InteractionEvent(e.userId(), e.videoId(), e.at(), e.watchedMs() + 12_345, !e.validPlay(),
                !e.longView(), !e.liked(), !e.notInterested(), !e.followedAuthor(), e.surface(), e.region());
    }

    private static double[][] replayThenScore(List<InteractionEvent> stream, int cut, int batch) {
        OnlineEngine engine = new OnlineEngine(CATALOG, VisibilityFilter.standard(CATALOG),
                ForYouEngineFixtures.config());
        for (int start = 0; start < cut; start += batch) {
            engine.learn(stream.subList(start, Math.min(cut, start + batch)));
        }
        List<InteractionEvent> next = stream.subList(cut, Math.min(stream.size(), cut + batch));
        double[][] p = new double[next.size()][Task.COUNT];
        engine.score(next, p);
        return p;
    }

    @Property(tries = 15)
    void score_testBatch_ignoresItsOwnOutcomesAndLaterEvents(@ForAll @IntRange(min = 1, max = 9) int batches) {
        int batch = 64;
        int cut = batches * batch;
        List<InteractionEvent> changed = new ArrayList<>(STREAM.subList(0, cut));
        for (InteractionEvent e : STREAM.subList(cut, STREAM.size())) {
            changed.add(otherOutcome(e));
        }

        double[][] original = replayThenScore(STREAM, cut, batch);
        double[][] withOtherFuture = replayThenScore(changed, cut, batch);

        assertThat(withOtherFuture).isDeepEqualTo(original);
    }

    @Property(tries = 5)
    void score_changingThePast_changesPredictions(@ForAll @IntRange(min = 3, max = 8) int batches) {
        // the control: the same comparison does detect a dependence where there is one
        int batch = 64;
        int cut = batches * batch;
        List<InteractionEvent> changed = new ArrayList<>();
        for (InteractionEvent e : STREAM) {
            changed.add(otherOutcome(e));
        }
        assertThat(replayThenScore(changed, cut, batch)).isNotEqualTo(replayThenScore(STREAM, cut, batch));
    }
}

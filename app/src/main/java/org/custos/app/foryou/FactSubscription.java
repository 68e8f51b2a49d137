package org.custos.app.foryou;

import java.util.List;
import org.custos.recsys.api.Fact;

/**
 * One consumer's ordered view of the app's facts ({@link FactFeed#subscribe}). Polled by one thread.
 */
public interface FactSubscription extends AutoCloseable {

    /**
     * The next facts, at most {@code max}; an empty batch when nothing is waiting.
     *
     * @throws org.custos.vault.AuditUnavailableException if the reads could not be counted: nothing was handed
     *     over, poll again later
     */
    Batch poll(int max);

    /** Stops live delivery to this subscription. */
    @Override
    void close();

    /**
     * @param facts         the facts, in order
     * @param watchPosition every stored watch event at or below this position is in this batch or an earlier one
     *                      (record it with a snapshot taken after these facts were learnt: a restart resumes after it)
     * @param caughtUp      the catalogue and the stored history have been delivered; what follows is live
     */
    record Batch(List<Fact> facts, long watchPosition, boolean caughtUp) {
        public Batch {
            facts = List.copyOf(facts);
        }
    }
}

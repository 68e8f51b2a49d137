package org.custos.app.foryou;

import org.custos.vault.EnginePseudonyms;

/**
 * The app's facts for one running instance of an algorithm, in that release's pseudonyms.
 */
public interface FactFeed {

    /**
     * A new subscription: it first delivers the whole current catalogue (every video the algorithm may rank and
     * every follow edge), then the stored watch events after {@code afterWatchPosition} (0 for all), then live
     * facts as they happen. Every protected value it hands over is counted as a service read of the
     * {@code recommender} for {@code feed.for-you} before it is returned.
     */
    FactSubscription subscribe(EnginePseudonyms pseudonyms, long afterWatchPosition);

    /**
     * Calls {@code listener} after every erasure of an account, whether or not a subscription is open: the host
     * must then replace every snapshot that still holds the member.
     */
    void onErasure(Runnable listener);
}

package org.custos.app.foryou;

import java.time.Instant;
import java.util.Optional;
import org.custos.vault.SubjectId;

/**
 * Where the For You feed asks for a ranking: the server's engine supervisor, in front of the admitted owner's
 * algorithm. Implementations MUST answer within their own deadline and never throw for a broken, slow or absent
 * engine: they answer empty instead, and the app serves its popularity feed.
 */
@FunctionalInterface
public interface RankingPort {

    /** No algorithm: every For You page comes from the app's popularity feed. */
    RankingPort NONE = (viewer, at, count) -> Optional.empty();

    /**
     * Up to {@code count} video ids for {@code viewer}, best first, already checked to be videos the algorithm was
     * told about; the app still applies its visibility rule to each.
     */
    Optional<Ranking> rank(SubjectId viewer, Instant at, int count);
}

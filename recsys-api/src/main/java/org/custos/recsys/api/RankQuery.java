package org.custos.recsys.api;

/**
 * Rank videos for one member.
 *
 * @param viewer the viewer's pseudonym
 * @param atMs   when the feed is asked for (the host's clock, epoch milliseconds)
 * @param count  how many videos the answer may hold, 1..{@value Protocol#MAX_RANK_COUNT}
 */
public record RankQuery(long viewer, long atMs, int count) {

    public RankQuery {
        Fact.Checks.pseudonym("viewer", viewer);
        if (count < 1 || count > Protocol.MAX_RANK_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + Protocol.MAX_RANK_COUNT + ", got " + count);
        }
    }
}

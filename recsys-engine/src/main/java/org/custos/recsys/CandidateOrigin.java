package org.custos.recsys;

/** The candidate sources a recommendation can come from. */
public enum CandidateOrigin {
    /** Nearest neighbours of the viewer's learned embedding among video embeddings. */
    EMBEDDING,
    /** Recent uploads of creators the viewer follows. */
    FOLLOWED,
    /** Engaged with by other members next to the videos the viewer recently engaged with. */
    CO_ENGAGED,
    /** Recently popular in the viewer's region. */
    TRENDING,
    /** Fresh uploads that still need exposure (exploration). */
    FRESH,
    /** Plain recent popularity (the {@link PopularityRecommender}). */
    POPULAR
}

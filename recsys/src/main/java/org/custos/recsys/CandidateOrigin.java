package org.custos.recsys;

/** The candidate sources a recommendation can come from. */
public enum CandidateOrigin {
    /** Nearest neighbours of the viewer's learned embedding among video embeddings. */
    EMBEDDING,
    /** Recent uploads of creators the viewer follows. */
    FOLLOWED,
    /** Recently popular in the viewer's region. */
    TRENDING,
    /** Fresh uploads that still need exposure (exploration). */
    FRESH,
    /** Plain recent popularity (the {@link PopularityRecommender}). */
    POPULAR
}

package org.custos.recsys.api;

/** Which candidate source proposed a ranked video, for explanations and monitoring. */
public enum Origin {
    /** Nearest neighbours of the viewer's learned embedding. */
    EMBEDDING,
    /** Recent uploads of creators the viewer follows. */
    FOLLOWED,
    /** Engaged with by other members next to what the viewer engaged with. */
    CO_ENGAGED,
    /** Recently popular. */
    TRENDING,
    /** Fresh uploads that still need exposure (exploration). */
    FRESH,
    /** Plain recent popularity. */
    POPULAR,
    /** Anything else. */
    OTHER
}

package org.custos.recsys.model;

/** The outcomes the ranking model predicts for an impression, one head each. */
public enum Task {
    /** A valid play. */
    CLICK,
    /** A long view. */
    LONG_VIEW,
    /** A like. */
    LIKE,
    /**
     * Chosen from the whole catalogue: a long view, against videos sampled uniformly from those known as
     * negatives. The outcome heads above only ever see shown videos, so they learn how a shown video fares; this
     * head also learns which videos are worth showing at all, which is what retrieval needs.
     */
    ENGAGE;

    public static final int COUNT = values().length;
}

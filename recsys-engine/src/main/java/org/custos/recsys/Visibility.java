package org.custos.recsys;

/** Who may see a video, as set by its author. */
public enum Visibility {
    PUBLIC,
    FOLLOWERS,
    PRIVATE
}

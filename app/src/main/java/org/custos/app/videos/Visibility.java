package org.custos.app.videos;

/** Who may see a video, as its author chose (the rule itself is {@link Visibilities#VISIBLE_TO_VIEWER}). */
enum Visibility {
    PUBLIC,
    FOLLOWERS,
    PRIVATE
}

package org.custos.recsys;

/**
 * The app's rule of who may see which video. The engine applies it to every video it places on a page, last,
 * so no ranking or candidate source can bypass it.
 */
@FunctionalInterface
public interface VisibilityFilter {

    boolean visible(Viewer viewer, Video video);

    /**
     * Public videos to everyone; followers-only videos to the author and to members who follow the author;
     * private videos to the author only.
     */
    static VisibilityFilter standard(Catalog catalog) {
        return (viewer, video) -> {
            boolean isAuthor = viewer.userId().isPresent() && viewer.userId().getAsLong() == video.authorId();
            return switch (video.visibility()) {
                case PUBLIC -> true;
                case FOLLOWERS -> isAuthor
                        || (viewer.userId().isPresent()
                        && catalog.followees(viewer.userId().getAsLong()).contains(video.authorId()));
                case PRIVATE -> isAuthor;
            };
        };
    }
}

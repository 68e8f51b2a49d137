package org.custos.app.videos;

import java.util.Locale;
import java.util.Optional;

/** The wire and column names of {@link Visibility}, and the one SQL rule of who may see a video. */
final class Visibilities {
    /**
     * Who may see video {@code v}: everyone a public one, the author always, and followers a followers-only one.
     * Parameters: the viewer's id (-1 when anonymous), then the viewer's follow index (empty when anonymous).
     */
    static final String VISIBLE_TO_VIEWER = """
            (v.visibility = 'public' OR v.author_id = ?
             OR (v.visibility = 'followers' AND EXISTS (
                 SELECT 1 FROM app_follows f WHERE f.follower_index = ? AND f.followee_id = v.author_id)))""";

    private Visibilities() {
    }

    static String name(Visibility visibility) {
        return visibility.name().toLowerCase(Locale.ROOT);
    }

    static Optional<Visibility> parse(String name) {
        return switch (name) {
            case "public" -> Optional.of(Visibility.PUBLIC);
            case "followers" -> Optional.of(Visibility.FOLLOWERS);
            case "private" -> Optional.of(Visibility.PRIVATE);
            default -> Optional.empty();
        };
    }
}

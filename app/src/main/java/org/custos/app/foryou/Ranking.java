package org.custos.app.foryou;

import java.util.List;
import java.util.Objects;

/**
 * An algorithm's answer.
 *
 * @param videoIds the videos, best first
 * @param release  the artifact digest ({@code sha256:<hex>}) of the release that answered, for the
 *                 {@code Custos-Release} header
 */
public record Ranking(List<Long> videoIds, String release) {

    public Ranking {
        videoIds = List.copyOf(videoIds);
        Objects.requireNonNull(release, "release");
    }
}

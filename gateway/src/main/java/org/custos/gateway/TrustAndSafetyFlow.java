package org.custos.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code trust-and-safety}: the owner's reviewers escalate specific videos by id and receive their public metadata
 * and counters, and (if declared) the accounts that liked them as pseudonyms of their own, to spot coordinated
 * behaviour without learning who anyone is. Ids of videos that are not public, or do not exist, are left out alike
 * and only counted in {@code withheld}.
 */
final class TrustAndSafetyFlow implements EgressFlow {
    /** The most likers delivered per video. */
    static final int MAX_LIKERS = 100;

    private final PublicCatalog catalog;
    private final Pseudonymiser pseudonyms;

    TrustAndSafetyFlow(PublicCatalog catalog, Pseudonymiser pseudonyms) {
        this.catalog = catalog;
        this.pseudonyms = pseudonyms;
    }

    @Override
    public Map<String, Object> parameters(FlowRequest request, FlowDeclaration declaration) {
        request.allowOnly(Set.of("videoIds"));
        return Map.of("videoIds", request.idsParameter("videoIds", Math.min(declaration.maxRows(), 100)));
    }

    @Override
    public Output run(FlowDeclaration declaration, FlowRequest request, String recipient) {
        request.allowOnly(Set.of("videoIds"));
        List<Long> ids = request.idsParameter("videoIds", Math.min(declaration.maxRows(), 100));
        List<PublicVideo> videos = catalog.publicVideos(ids);
        long rowsRead = videos.size();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PublicVideo video : videos) {
            if (!ids.contains(video.id())) {
                continue; // a source must not widen the request
            }
            Map<String, Object> row = PublicFields.row(video, request.fields(), declaration, recipient, pseudonyms);
            if (request.fields().contains("likers")) {
                List<String> likers = catalog.likerKeys(video.id(), MAX_LIKERS);
                rowsRead += likers.size();
                row.put("likers", likers.stream()
                        .map(key -> pseudonyms.value(recipient, declaration.pseudonymKeyVersion(), "likers", key))
                        .sorted()
                        .toList());
            }
            rows.add(row);
        }
        return new Output(rows, Optional.empty(), rowsRead, Epsilon.ZERO);
    }
}

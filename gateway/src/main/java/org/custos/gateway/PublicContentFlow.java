package org.custos.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code public-content}: public videos and their authors' public handles, in id order, for the owner's global app.
 * Parameters: {@code after} (the cursor: the last id of the previous page, default 0) and {@code limit} (default and
 * maximum: the declaration's {@code maxRowsPerCall}). {@code next} is the cursor of the following page.
 */
final class PublicContentFlow implements EgressFlow {
    private final PublicCatalog catalog;
    private final Pseudonymiser pseudonyms;

    PublicContentFlow(PublicCatalog catalog, Pseudonymiser pseudonyms) {
        this.catalog = catalog;
        this.pseudonyms = pseudonyms;
    }

    @Override
    public Map<String, Object> parameters(FlowRequest request, FlowDeclaration declaration) {
        request.allowOnly(Set.of("after", "limit"));
        Map<String, Object> checked = new java.util.TreeMap<>();
        request.longParameter("after", 0, Long.MAX_VALUE).ifPresent(after -> checked.put("after", after));
        request.longParameter("limit", 1, declaration.maxRows()).ifPresent(limit -> checked.put("limit", limit));
        return checked;
    }

    @Override
    public Output run(FlowDeclaration declaration, FlowRequest request, String recipient) {
        request.allowOnly(Set.of("after", "limit"));
        long after = request.longParameter("after", 0, Long.MAX_VALUE).orElse(0L);
        int limit = request.longParameter("limit", 1, declaration.maxRows()).orElse((long) declaration.maxRows())
                .intValue();
        List<PublicVideo> videos = catalog.publicVideosAfter(after, limit);
        List<Map<String, Object>> rows = videos.stream()
                .map(v -> PublicFields.row(v, request.fields(), declaration, recipient, pseudonyms))
                .toList();
        Optional<String> next = videos.size() == limit
                ? Optional.of(Long.toString(videos.getLast().id())) : Optional.empty();
        return new Output(rows, next, videos.size(), Epsilon.ZERO);
    }
}

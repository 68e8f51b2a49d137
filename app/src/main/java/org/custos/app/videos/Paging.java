package org.custos.app.videos;

import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import org.custos.app.http.FieldError;
import org.custos.app.http.ProblemException;

/** The {@code cursor} and {@code limit} query parameters of list routes, and the page they produce. */
record Paging(Cursor cursor, int limit) {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    /** A page of items and the cursor of the next one ({@code null} on the last page, so JSON shows null). */
    record Page<T>(List<T> items, String next) {
    }

    static Paging of(ServerRequest request) {
        var query = request.query();
        Cursor cursor = Cursor.START;
        if (query.contains("cursor")) {
            cursor = Cursor.decode(query.get("cursor")).orElseThrow(() -> ProblemException.invalid(
                    List.of(new FieldError("cursor", "must be a cursor from a previous page"))));
        }
        int limit = DEFAULT_LIMIT;
        if (query.contains("limit")) {
            OptionalLong parsed = Ids.parseLong(query.get("limit"));
            if (parsed.isEmpty() || parsed.getAsLong() < 1 || parsed.getAsLong() > MAX_LIMIT) {
                throw ProblemException.invalid(List.of(new FieldError("limit", "must be 1 to " + MAX_LIMIT)));
            }
            limit = (int) parsed.getAsLong();
        }
        return new Paging(cursor, limit);
    }

    /** The page of {@code items} (fetched with one extra to learn whether more exist). */
    <T, V> Page<V> page(List<T> items, Function<T, Cursor> cursorOf, Function<T, V> view) {
        List<T> shown = items.size() > limit ? items.subList(0, limit) : items;
        String next = items.size() > limit ? cursorOf.apply(shown.getLast()).encode() : null;
        return new Page<>(shown.stream().map(view).toList(), next);
    }
}

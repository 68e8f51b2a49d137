package org.custos.gateway;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The {@code query} of a flow record, which the public, append-only transparency log publishes: the request as it
 * was validated, never as it was sent. Sent text is the caller's, and a caller once wrote a user's handle into a
 * field name and an e-mail address into a cursor; both went into the log. So the query holds only
 *
 * <ul>
 *   <li>the requested fields the flow declares, in request order, and how many others were asked for
 *       ({@code undeclared-fields}), never their names;</li>
 *   <li>the parameters that passed the flow's declared parameter schema, by name: numbers (cursors, limits, public
 *       video ids) as canonical decimals, every other value (a date, which may be someone's birth date) as a keyed
 *       commitment {@code hmac:<32 hex>} that only the custodian can recompute.</li>
 * </ul>
 *
 * For example {@code fields=dau,region;from=hmac:3f...;to=hmac:9a...} or {@code fields=video_id;undeclared-fields=1;after=40}.
 */
record FlowQuery(List<String> fields, int undeclaredFields, SortedMap<String, String> parameters) {

    FlowQuery {
        fields = List.copyOf(fields);
        parameters = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
    }

    /** Before a request is parsed there is nothing to show. */
    static final String NONE = "";

    /**
     * @param validated the flow's checked parameters: {@link Long}, a list of {@link Long}, or any other value, which
     *     is committed to with {@code commit(name, value.toString())}
     */
    static FlowQuery of(List<String> declaredFields, int undeclaredFields, Map<String, ?> validated,
                        BiFunction<String, String, String> commit) {
        SortedMap<String, String> shown = new TreeMap<>();
        validated.forEach((name, value) -> shown.put(name, switch (value) {
            case Long number -> Long.toString(number);
            case List<?> list when list.stream().allMatch(Long.class::isInstance) ->
                    String.join(",", list.stream().map(Object::toString).toList());
            default -> commit.apply(name, value.toString());
        }));
        return new FlowQuery(declaredFields, undeclaredFields, shown);
    }

    String canonical() {
        StringBuilder out = new StringBuilder("fields=").append(String.join(",", fields));
        if (undeclaredFields > 0) {
            out.append(";undeclared-fields=").append(undeclaredFields);
        }
        parameters.forEach((name, value) -> out.append(';').append(name).append('=').append(value));
        return out.toString();
    }
}

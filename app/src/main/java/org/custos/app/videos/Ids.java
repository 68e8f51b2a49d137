package org.custos.app.videos;

import java.util.Optional;
import java.util.OptionalLong;

/** Parsing of ids and numbers from paths, query strings and form fields: digits only, no signs, no overflow. */
final class Ids {
    private Ids() {
    }

    static Optional<Long> parse(String text) {
        OptionalLong value = parseLong(text);
        return value.isPresent() && value.getAsLong() > 0 ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    static OptionalLong parseLong(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(text));
    }
}

package org.custos.app.videos;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.custos.app.http.FieldError;

/** Hashtags as sent in an upload: separated by commas or spaces, with or without '#', kept lower-case and unique. */
final class Hashtags {
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_]{1,50}");

    private Hashtags() {
    }

    static List<String> parse(String text, int max, List<FieldError> errors) {
        Set<String> tags = new LinkedHashSet<>();
        for (String raw : text.split("[,\\s]+")) {
            String tag = raw.startsWith("#") ? raw.substring(1) : raw;
            if (tag.isEmpty()) {
                continue;
            }
            if (!TAG.matcher(tag).matches()) {
                errors.add(new FieldError("hashtags", "each tag must be 1 to 50 letters, digits or underscores"));
                return List.of();
            }
            tags.add(tag.toLowerCase(Locale.ROOT));
        }
        if (tags.size() > max) {
            errors.add(new FieldError("hashtags", "at most " + max + " tags"));
            return List.of();
        }
        return new ArrayList<>(tags);
    }
}

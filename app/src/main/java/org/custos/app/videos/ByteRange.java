package org.custos.app.videos;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 section 14), resolved against the media's length.
 * Only a single range is served; a header with several ranges, or any other unit, is ignored (answered with the
 * whole media), which the RFC allows.
 */
record ByteRange(long first, long last) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

    long length() {
        return last - first + 1;
    }

    /** How a Range header applies to media of {@code size} bytes. */
    sealed interface Resolution {
    }

    /** Serve the whole media (no header, or one we ignore). */
    record Whole() implements Resolution {
    }

    /** Serve this part with 206. */
    record Part(ByteRange range) implements Resolution {
    }

    /** Answer 416: the range lies wholly outside the media. */
    record Unsatisfiable() implements Resolution {
    }

    static Resolution resolve(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.get().strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return new Whole();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    return new Unsatisfiable();
                }
                return new Part(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return new Whole();
            }
            if (first >= size) {
                return new Unsatisfiable();
            }
            long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
            return new Part(new ByteRange(first, Math.min(last, size - 1)));
        } catch (NumberFormatException e) {
            return new Whole();
        }
    }
}

package org.custos.app.videos;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A position in a newest-first list: the (time, id) of the last item of the previous page. On the wire it is
 * opaque (base64url of {@code <epoch micros>.<id>}), so clients cannot depend on its contents.
 */
record Cursor(Instant at, long id) {
    /** Before everything: the first page. */
    static final Cursor START = new Cursor(Instant.parse("9999-12-31T00:00:00Z"), Long.MAX_VALUE);
    // What encode() writes: optionally signed micros (rows may predate 1970), a dot, an unsigned id.
    private static final Pattern SHAPE = Pattern.compile("-?[0-9]{1,19}\\.[0-9]{1,19}");
    // Every row's time lies in years 1 to 9999; PostgreSQL refuses timestamps far outside that ("timestamp out of
    // range", a 500), so a decoded time outside them is a forged cursor, refused before any query sees it.
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    String encode() {
        long micros = Math.multiplyExact(at.getEpochSecond(), 1_000_000L) + at.getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + "." + id).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The cursor of {@code text}, or empty when it is not one encode() could have written: wrong shape, a number
     * that overflows, or a time outside the years of any row.
     */
    static Optional<Cursor> decode(String text) {
        if (text.length() > 64) {
            return Optional.empty();
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            if (!SHAPE.matcher(plain).matches()) {
                return Optional.empty();
            }
            int dot = plain.indexOf('.');
            long micros = Long.parseLong(plain.substring(0, dot));
            long id = Long.parseLong(plain.substring(dot + 1));
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                return Optional.empty();
            }
            return Optional.of(new Cursor(at, id));
        } catch (IllegalArgumentException e) {
            // Not base64url, or digits past the range of a long (NumberFormatException is one of these).
            return Optional.empty();
        }
    }
}

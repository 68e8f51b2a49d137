package org.custos.app.videos;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A position in a newest-first list: the (time, id) of the last item of the previous page. On the wire it is
 * opaque (base64url of {@code <epoch micros>.<id>}), so clients cannot depend on its contents.
 */
record Cursor(Instant at, long id) {
    /** Before everything: the first page. */
    static final Cursor START = new Cursor(Instant.parse("9999-12-31T00:00:00Z"), Long.MAX_VALUE);

    String encode() {
        long micros = Math.multiplyExact(at.getEpochSecond(), 1_000_000L) + at.getNano() / 1_000;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((micros + "." + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor of {@code text}, or empty when it is not one of ours. */
    static Optional<Cursor> decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            int dot = plain.indexOf('.');
            if (dot < 1 || text.length() > 64) {
                return Optional.empty();
            }
            long micros = Long.parseLong(plain.substring(0, dot));
            long id = Long.parseLong(plain.substring(dot + 1));
            return Optional.of(new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L), id));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}

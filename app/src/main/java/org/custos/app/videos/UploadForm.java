package org.custos.app.videos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.custos.app.http.FieldError;
import org.custos.app.http.ProblemException;
import org.custos.app.http.ProblemType;

/** The validated text fields and media of an upload form. */
record UploadForm(Multipart.Part media, String caption, List<String> hashtags, Visibility visibility,
                  long durationMs) {
    static final int MAX_CAPTION = 2_200;
    static final int MAX_HASHTAGS = 30;
    static final long MAX_DURATION_MS = 10 * 60 * 1000;

    static UploadForm validate(Map<String, Multipart.Part> parts, long maxMediaBytes) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : parts.keySet()) {
            if (!List.of("media", "caption", "hashtags", "visibility", "durationMs").contains(name)) {
                errors.add(new FieldError(Multipart.printable(name), "is not a known field"));
            }
        }
        Multipart.Part media = parts.get("media");
        if (media == null || !media.file()) {
            errors.add(new FieldError("media", "is required, as a file part"));
        } else if (media.length() == 0) {
            errors.add(new FieldError("media", "must not be empty"));
        } else if (media.length() > maxMediaBytes) {
            throw ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "The media must be at most " + maxMediaBytes + " bytes.");
        }
        String caption = parts.containsKey("caption") ? parts.get("caption").text().strip() : "";
        if (caption.length() > MAX_CAPTION || !FreeText.allowed(caption)) {
            errors.add(new FieldError("caption", "must be at most " + MAX_CAPTION + " characters, "
                    + FreeText.RULE));
        }
        List<String> hashtags = Hashtags.parse(parts.containsKey("hashtags") ? parts.get("hashtags").text() : "",
                MAX_HASHTAGS, errors);
        Optional<Visibility> visibility = Optional.empty();
        if (!parts.containsKey("visibility")) {
            errors.add(new FieldError("visibility", "is required"));
        } else {
            visibility = Visibilities.parse(parts.get("visibility").text());
            if (visibility.isEmpty()) {
                errors.add(new FieldError("visibility", "must be public, followers or private"));
            }
        }
        long duration = 0;
        if (!parts.containsKey("durationMs")) {
            errors.add(new FieldError("durationMs", "is required"));
        } else {
            OptionalLong parsed = Ids.parseLong(parts.get("durationMs").text());
            if (parsed.isEmpty() || parsed.getAsLong() < 1 || parsed.getAsLong() > MAX_DURATION_MS) {
                errors.add(new FieldError("durationMs", "must be a whole number of milliseconds, 1 to "
                        + MAX_DURATION_MS));
            } else {
                duration = parsed.getAsLong();
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new UploadForm(media, caption, hashtags, visibility.orElseThrow(), duration);
    }
}

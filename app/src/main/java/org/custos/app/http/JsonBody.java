package org.custos.app.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A request body that is a flat JSON object, read field by field. Every problem found is collected, so one 400
 * answer lists every bad field; {@link #finish()} then throws if there was any, including fields the reader did
 * not ask for (unknown fields are refused, so a typo never silently does nothing).
 *
 * <p>Reading is bounded: a declared length over the limit is refused before reading, and at most
 * {@code limit + 1} bytes are ever buffered.
 */
public final class JsonBody {
    private final ObjectNode object;
    private final Set<String> seen = new LinkedHashSet<>();
    private final List<FieldError> errors = new ArrayList<>();

    private JsonBody(ObjectNode object) {
        this.object = object;
    }

    /** Reads and parses the body of {@code request}: 415, 413 or 400 problems for the wrong kind of body. */
    public static JsonBody read(ServerRequest request, int limitBytes) {
        Optional<HttpMediaType> contentType = request.headers().contentType();
        if (contentType.isEmpty() || !contentType.get().test(MediaTypes.APPLICATION_JSON)) {
            throw ProblemException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json.");
        }
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > limitBytes) {
            throw tooLarge(limitBytes);
        }
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readNBytes(limitBytes + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
        if (body.length > limitBytes) {
            throw tooLarge(limitBytes);
        }
        return parse(body);
    }

    /** Parses a body already in memory; the same rules as {@link #read} apart from size and media type. */
    public static JsonBody parse(byte[] body) {
        if (StrictUtf8.startsWithByteOrderMark(body)) {
            throw ProblemException.of(ProblemType.MALFORMED_JSON, "The body starts with a byte order mark; send JSON"
                    + " text in UTF-8 without one.");
        }
        if (StrictUtf8.decode(body, 0, body.length).isEmpty()) {
            throw ProblemException.of(ProblemType.MALFORMED_JSON, "The body is not well-formed UTF-8 (an overlong"
                    + " form, an encoded surrogate or a truncated sequence); send JSON text in UTF-8.");
        }
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (StreamConstraintsException e) {
            // Raised by the limits of Json.MAPPER, before any field is read, and without a location.
            throw ProblemException.of(ProblemType.MALFORMED_JSON, "The body is nested deeper than "
                    + Json.MAX_NESTING + " levels, or holds a string or number over the length limit.");
        } catch (JsonProcessingException e) {
            // The parser's message quotes the input, which may hold a password: keep only the position, if any.
            JsonLocation at = e.getLocation();
            throw ProblemException.of(ProblemType.MALFORMED_JSON, at == null ? "The body is not valid JSON."
                    : "The body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").");
        } catch (java.io.IOException e) {
            throw ProblemException.of(ProblemType.MALFORMED_JSON, "The body is not JSON text in UTF-8.");
        }
        if (node == null || !node.isObject()) {
            throw ProblemException.of(ProblemType.MALFORMED_JSON, "The body must be a JSON object.");
        }
        return new JsonBody((ObjectNode) node);
    }

    private static ProblemException tooLarge(int limitBytes) {
        return ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE,
                "The body must be at most " + limitBytes + " bytes.");
    }

    /** A string field that must be present. Returns empty (and records an error) when absent or not a string. */
    public Optional<String> requiredString(String field) {
        seen.add(field);
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return Optional.empty();
        }
        return text(field, value);
    }

    /** A string field that may be absent; present but null or of another type is an error. */
    public Optional<String> optionalString(String field) {
        seen.add(field);
        JsonNode value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            errors.add(new FieldError(field, "must not be null"));
            return Optional.empty();
        }
        return text(field, value);
    }

    /** True when the object has {@code field} (even with a null value). */
    public boolean has(String field) {
        return object.has(field);
    }

    /** Records a rule that a field's value broke; the message MUST NOT contain the value. */
    public void reject(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** Parses an ISO-8601 calendar date (yyyy-MM-dd) or records an error. */
    public Optional<LocalDate> date(String field, Optional<String> text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.get()));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a date as yyyy-MM-dd"));
            return Optional.empty();
        }
    }

    /** A whole-number field that must be present. */
    public OptionalLong requiredLong(String field) {
        seen.add(field);
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            errors.add(new FieldError(field, "must be a whole number"));
            return OptionalLong.empty();
        }
        return OptionalLong.of(value.longValue());
    }

    /** A boolean field that may be absent (then {@code false}). */
    public boolean optionalBoolean(String field) {
        seen.add(field);
        JsonNode value = object.get(field);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "must be true or false"));
            return false;
        }
        return value.booleanValue();
    }

    /**
     * A required array of at most {@code max} flat objects, each read as its own body. Errors of an element are
     * reported as {@code field[i].name}; call {@link #finishElement} on each element after reading it.
     */
    public Optional<List<JsonBody>> requiredObjects(String field, int max) {
        seen.add(field);
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return Optional.empty();
        }
        if (!value.isArray() || value.isEmpty() || value.size() > max) {
            errors.add(new FieldError(field, "must be an array of 1 to " + max + " objects"));
            return Optional.empty();
        }
        List<JsonBody> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                errors.add(new FieldError(field + "[" + i + "]", "must be an object"));
                return Optional.empty();
            }
            out.add(new JsonBody((ObjectNode) value.get(i)));
        }
        return Optional.of(out);
    }

    /** Moves an element's errors (and unknown fields) into this body's, prefixed with {@code prefix}. */
    public void finishElement(String prefix, JsonBody element) {
        try {
            element.finish();
        } catch (ProblemException e) {
            for (FieldError error : e.errors()) {
                errors.add(new FieldError(prefix + "." + error.field(), error.message()));
            }
        }
    }

    /** Throws a 400 validation problem listing every error and every unknown field; otherwise returns. */
    public void finish() {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!seen.contains(name)) {
                errors.add(new FieldError(printable(name), "is not a known field"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private Optional<String> text(String field, JsonNode value) {
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    // An unknown field name is echoed so the client can find it, but only in a bounded, harmless form.
    private static String printable(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) : name;
        return cut.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? cut : "(unprintable field name)";
    }
}

package org.custos.lockbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.custos.vault.Purpose;

/**
 * The body of {@code POST /v1/lockbox/requests}, validated whole: one 400 lists every bad field, and nothing is
 * written before the form is valid.
 *
 * <pre>
 * {"subject": 17 | "ada_l", "scopes": ["contact"], "purpose": "support.debug-account",
 *  "justification": "Ticket 4711: the user cannot log in ...", "durationMinutes": 60}
 * </pre>
 *
 * @param subject a JSON number is a user id, a string a handle
 */
record RequestForm(Subject subject, List<String> scopes, Purpose purpose, String justification, Duration duration) {
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MIN_JUSTIFICATION = 10;
    static final int MAX_JUSTIFICATION = 2000;
    private static final Set<String> FIELDS = Set.of("subject", "scopes", "purpose", "justification",
            "durationMinutes");

    sealed interface Subject {
        record ById(long id) implements Subject {
        }

        record ByHandle(String handle) implements Subject {
        }
    }

    RequestForm {
        scopes = List.copyOf(scopes);
    }

    /** Reads and validates the body of {@code request}; the known scopes and the longest duration bound it. */
    static RequestForm read(ServerRequest request, Set<String> knownScopes, Duration maxDuration) {
        Optional<HttpMediaType> contentType = request.headers().contentType();
        if (contentType.isEmpty() || !contentType.get().test(MediaTypes.APPLICATION_JSON)) {
            throw LockboxProblem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
        }
        OptionalLong declared = request.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return parse(body, knownScopes, maxDuration);
    }

    static RequestForm parse(byte[] body, Set<String> knownScopes, Duration maxDuration) {
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (JsonProcessingException e) {
            // The parser's message quotes the input: keep only the position.
            throw LockboxProblem.of(ProblemType.MALFORMED_JSON, "The body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ").");
        } catch (java.io.IOException e) {
            throw LockboxProblem.of(ProblemType.MALFORMED_JSON, "The body is not JSON text in UTF-8, UTF-16 or UTF-32.");
        }
        if (node == null || !node.isObject()) {
            throw LockboxProblem.of(ProblemType.MALFORMED_JSON, "The body must be a JSON object.");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.put(name.length() > 64 ? name.substring(0, 64) : name, "unknown field");
            }
        }
        Subject subject = subject(node.get("subject"), errors);
        List<String> scopes = scopes(node.get("scopes"), knownScopes, errors);
        Purpose purpose = purpose(node.get("purpose"), errors);
        String justification = justification(node.get("justification"), errors);
        Duration duration = duration(node.get("durationMinutes"), maxDuration, errors);
        if (!errors.isEmpty()) {
            throw LockboxProblem.invalid(errors);
        }
        return new RequestForm(subject, scopes, purpose, justification, duration);
    }

    private static Subject subject(JsonNode value, Map<String, String> errors) {
        if (value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0) {
            return new Subject.ById(value.asLong());
        }
        if (value != null && value.isTextual() && value.asText().matches("[A-Za-z0-9_]{3,30}")) {
            return new Subject.ByHandle(value.asText());
        }
        errors.put("subject", "required: a user id (a positive number) or a handle (a string)");
        return null;
    }

    private static List<String> scopes(JsonNode value, Set<String> known, Map<String, String> errors) {
        String rule = "required: a non-empty array of distinct scopes among " + known.stream().sorted().toList();
        if (value == null || !value.isArray() || value.isEmpty()) {
            errors.put("scopes", rule);
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode scope : value) {
            if (!scope.isTextual() || !known.contains(scope.asText()) || !out.add(scope.asText())) {
                errors.put("scopes", rule);
                return List.of();
            }
        }
        return new ArrayList<>(out);
    }

    private static Purpose purpose(JsonNode value, Map<String, String> errors) {
        Optional<Purpose> purpose = value != null && value.isTextual()
                ? PurposeCodes.of(value.asText()) : Optional.empty();
        if (purpose.isEmpty()) {
            // The value is not echoed: it is caller text, and the reason for the vocabulary is that such text may
            // name a person. Say why in the justification instead.
            errors.put("purpose", "required: one of the published purpose codes " + PurposeCodes.CODES
                    + " (explain the case in the justification, which is never published)");
        }
        return purpose.orElse(null);
    }

    private static String justification(JsonNode value, Map<String, String> errors) {
        String rule = "required: " + MIN_JUSTIFICATION + " to " + MAX_JUSTIFICATION
                + " characters, no control characters but line breaks";
        if (value == null || !value.isTextual()) {
            errors.put("justification", rule);
            return null;
        }
        String text = value.asText().strip();
        int length = text.codePointCount(0, text.length());
        boolean control = text.codePoints().anyMatch(cp -> Character.isISOControl(cp) && cp != '\n');
        if (length < MIN_JUSTIFICATION || length > MAX_JUSTIFICATION || control) {
            errors.put("justification", rule);
            return null;
        }
        return text;
    }

    private static Duration duration(JsonNode value, Duration max, Map<String, String> errors) {
        long maxMinutes = max.toMinutes();
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()
                || value.asLong() < 1 || value.asLong() > maxMinutes) {
            errors.put("durationMinutes", "required: whole minutes, 1 to " + maxMinutes);
            return null;
        }
        return Duration.ofMinutes(value.asLong());
    }

    private static LockboxProblem tooLarge() {
        return LockboxProblem.of(ProblemType.PAYLOAD_TOO_LARGE, "The body must be at most " + MAX_BODY_BYTES
                + " bytes.");
    }
}

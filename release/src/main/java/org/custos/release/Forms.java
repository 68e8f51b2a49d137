package org.custos.release;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The JSON bodies of the release routes, each validated whole: one 400 lists every bad field, and nothing is
 * written before the form is valid.
 *
 * <pre>
 * POST /v1/releases                {"artifact": "sha256:...", "source": "sha256:...", "notes": "..."}
 * POST /v1/releases/{id}/reviews   {"verdict": "approve" | "reject", "findings": "...", "reason": "code"}
 * POST /v1/releases/{id}/revoke    {"reason": "code"}
 * </pre>
 */
final class Forms {
    static final int MAX_BODY_BYTES = 128 * 1024;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Forms() {
    }

    record Submission(Sha256Digest artifact, Sha256Digest source, String notes) {}

    record ReviewForm(ReviewVerdict verdict, String findings, Optional<ReasonCode> reason) {}

    static Submission submission(byte[] body) {
        JsonNode node = object(body, Set.of("artifact", "source", "notes"));
        Map<String, String> errors = new LinkedHashMap<>();
        Sha256Digest artifact = digest(node, "artifact", errors);
        Sha256Digest source = digest(node, "source", errors);
        String notes = text(node, "notes", false, errors);
        if (!errors.isEmpty()) {
            throw ReleaseException.invalid(errors);
        }
        return new Submission(artifact, source, notes);
    }

    static ReviewForm review(byte[] body) {
        JsonNode node = object(body, Set.of("verdict", "findings", "reason"));
        Map<String, String> errors = new LinkedHashMap<>();
        ReviewVerdict verdict = null;
        JsonNode v = node.get("verdict");
        if (v == null || !v.isTextual()) {
            errors.put("verdict", "required: approve or reject");
        } else {
            try {
                verdict = ReviewVerdict.ofCode(v.textValue());
            } catch (IllegalArgumentException e) {
                errors.put("verdict", "must be approve or reject");
            }
        }
        String findings = text(node, "findings", false, errors);
        Optional<ReasonCode> reason = Optional.empty();
        if (node.has("reason")) {
            reason = reason(node, errors);
            if (verdict == ReviewVerdict.APPROVE) {
                errors.put("reason", "only a rejection carries a reason");
            }
        }
        if (!errors.isEmpty()) {
            throw ReleaseException.invalid(errors);
        }
        return new ReviewForm(verdict, findings, reason);
    }

    static ReasonCode revocation(byte[] body) {
        JsonNode node = object(body, Set.of("reason"));
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<ReasonCode> reason = node.has("reason") ? reason(node, errors) : Optional.empty();
        if (!node.has("reason")) {
            errors.put("reason", "required: one of " + ReasonCode.codes());
        }
        if (!errors.isEmpty()) {
            throw ReleaseException.invalid(errors);
        }
        return reason.orElseThrow();
    }

    /** The body of {@code request}, which must be application/json of at most {@value #MAX_BODY_BYTES} bytes. */
    static byte[] body(ServerRequest request) {
        Optional<HttpMediaType> contentType = request.headers().contentType();
        if (contentType.isEmpty() || !contentType.get().test(MediaTypes.APPLICATION_JSON)) {
            throw ReleaseException.of(ReleaseProblem.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
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
        return body;
    }

    private static ReleaseException tooLarge() {
        return ReleaseException.of(ReleaseProblem.PAYLOAD_TOO_LARGE, "A JSON body holds at most " + MAX_BODY_BYTES
                + " bytes.");
    }

    private static JsonNode object(byte[] body, Set<String> fields) {
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (IOException | RuntimeException e) {
            // The parser's message may quote the input: say only that it is not JSON.
            throw ReleaseException.of(ReleaseProblem.MALFORMED_JSON, "The body is not one well-formed JSON object.");
        }
        if (node == null || !node.isObject()) {
            throw ReleaseException.of(ReleaseProblem.MALFORMED_JSON, "The body must be one JSON object.");
        }
        Map<String, String> unknown = new LinkedHashMap<>();
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!fields.contains(name)) {
                unknown.put(name.length() > 64 ? name.substring(0, 64) : name, "unknown field");
            }
        }
        if (!unknown.isEmpty()) {
            throw ReleaseException.invalid(unknown);
        }
        return node;
    }

    private static Sha256Digest digest(JsonNode node, String field, Map<String, String> errors) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            errors.put(field, "required: sha256: and 64 lower-case hex digits");
            return null;
        }
        try {
            return Sha256Digest.parse(value.textValue());
        } catch (IllegalArgumentException e) {
            errors.put(field, "must be sha256: and 64 lower-case hex digits");
            return null;
        }
    }

    private static String text(JsonNode node, String field, boolean required, Map<String, String> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.put(field, "required");
            }
            return "";
        }
        if (!value.isTextual()) {
            errors.put(field, "must be a string");
            return "";
        }
        String text = value.textValue();
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > ReleaseGate.MAX_NOTES
                || text.indexOf('\0') >= 0) {
            errors.put(field, "at most " + ReleaseGate.MAX_NOTES + " bytes of text, no NUL characters");
            return "";
        }
        return text;
    }

    private static Optional<ReasonCode> reason(JsonNode node, Map<String, String> errors) {
        JsonNode value = node.get("reason");
        Optional<ReasonCode> code = value != null && value.isTextual() ? ReasonCode.ofCode(value.textValue())
                : Optional.empty();
        if (code.isEmpty()) {
            errors.put("reason", "must be one of " + ReasonCode.codes());
        }
        return code;
    }
}

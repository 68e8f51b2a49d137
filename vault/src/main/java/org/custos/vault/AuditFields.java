package org.custos.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shapes of the boundary-chosen fields of the release and engine events: digests, release ids, codes, the
 * measured components and the signed statement. They match what a format 2 log entry accepts (docs/log-entries.md),
 * so an event the vault took is one the relay can always write. Values are never echoed in errors: a field that
 * fails its shape may be free text a caller put where a code belongs.
 */
final class AuditFields {
    /** The most bytes a release statement (a DSSE envelope) may take in the log. */
    static final int MAX_STATEMENT_BYTES = 49_152;
    /** The most components one measured build lists, so that its log entry stays under the log's 64 KiB limit. */
    static final int MAX_COMPONENTS = 256;

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern RELEASE_ID = Pattern.compile("rel-[0-9a-f]{16}");
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");
    private static final Pattern RUNTIME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._+:@/()-]{0,127}");
    private static final Pattern COMPONENT =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9._+-]{0,127})@sha256:[0-9a-f]{64}");
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AuditFields() {
    }

    static String digest(String name, String value, boolean mayBeEmpty) {
        Objects.requireNonNull(value, name);
        if (!(mayBeEmpty && value.isEmpty()) && !DIGEST.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be sha256: and 64 lower-case hex digits"
                    + (mayBeEmpty ? ", or empty" : ""));
        }
        return value;
    }

    static String releaseId(String name, String value, boolean mayBeEmpty) {
        Objects.requireNonNull(value, name);
        if (!(mayBeEmpty && value.isEmpty()) && !RELEASE_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be rel- and 16 lower-case hex digits (the start of the "
                    + "artifact's sha256)" + (mayBeEmpty ? ", or empty" : ""));
        }
        return value;
    }

    /** A release id names its artifact: {@code rel-} and the first 16 hex digits of the artifact's sha256. */
    static void releaseOf(String releaseId, String artifactDigest) {
        if (!releaseId.regionMatches(4, artifactDigest, 7, 16)) {
            throw new IllegalArgumentException("release id " + releaseId + " is not the release of artifact "
                    + artifactDigest + " (rel- and its first 16 hex digits)");
        }
    }

    /** A reason or verdict: a lower-case code chosen by the boundary, or empty. */
    static String code(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!value.isEmpty() && !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a code matching " + CODE.pattern() + ", or empty");
        }
        return value;
    }

    static String runtime(String value) {
        Objects.requireNonNull(value, "runtime");
        if (!RUNTIME.matcher(value).matches()) {
            throw new IllegalArgumentException("runtime must match " + RUNTIME.pattern());
        }
        return value;
    }

    /** {@code <file name>@sha256:<hex>}, at least one, strictly ascending by file name. */
    static List<String> components(List<String> components) {
        List<String> copy = List.copyOf(components);
        if (copy.isEmpty() || copy.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("a measured build lists 1 to " + MAX_COMPONENTS + " components, got "
                    + copy.size());
        }
        String previous = null;
        for (String component : copy) {
            Matcher matcher = COMPONENT.matcher(component);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("a component must be <file name>@sha256:<64 hex>, got "
                        + component);
            }
            String name = matcher.group(1);
            if (previous != null && previous.compareTo(name) >= 0) {
                throw new IllegalArgumentException("components must be sorted by file name without repeats: " + name
                        + " after " + previous);
            }
            previous = name;
        }
        return copy;
    }

    /**
     * A DSSE envelope as compact JSON: an object with text {@code payloadType} and {@code payload} and at least one
     * signature, no control characters (the log's text fields hold none), at most {@value #MAX_STATEMENT_BYTES}
     * bytes of UTF-8.
     */
    static String statement(String value) {
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_STATEMENT_BYTES) {
            throw new IllegalArgumentException("a release statement takes at most " + MAX_STATEMENT_BYTES
                    + " bytes, got " + bytes);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a release statement must be compact JSON, without line breaks or "
                    + "other control characters");
        }
        try {
            JsonNode envelope = JSON.readTree(value);
            if (envelope == null || !envelope.isObject() || !envelope.path("payloadType").isTextual()
                    || !envelope.path("payload").isTextual() || !envelope.path("signatures").isArray()
                    || envelope.path("signatures").isEmpty()) {
                throw new IllegalArgumentException("a release statement must be a DSSE envelope: payloadType, "
                        + "payload and at least one signature");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a release statement must be a DSSE envelope in JSON", e);
        }
        return value;
    }
}

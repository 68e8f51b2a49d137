package org.custos.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/egress/flows/{flow}}: {@code {"fields": [...], <parameters>}}. Parameters are
 * {@code after} and {@code limit} (public-content), {@code from} and {@code to} (aggregate-metrics, ISO dates) and
 * {@code videoIds} (trust-and-safety). Unknown members are refused, so a typo never silently widens a request.
 */
record FlowRequest(List<String> fields, Map<String, JsonNode> parameters) {
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Set<String> PARAMETERS = Set.of("after", "limit", "from", "to", "videoIds");
    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,40}");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(4).maxStringLength(1024).maxNumberLength(20).build());
    }

    FlowRequest {
        fields = List.copyOf(fields);
        parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
    }

    /** @throws EgressRefusedException {@link Refusal#INVALID_REQUEST} naming what is wrong */
    static FlowRequest parse(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw Refusal.INVALID_REQUEST.because("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw Refusal.INVALID_REQUEST.because("the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw Refusal.INVALID_REQUEST.because("the body must be a JSON object with a \"fields\" array");
        }
        JsonNode list = root.get("fields");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw Refusal.INVALID_REQUEST.because("\"fields\" must be a non-empty array of field names");
        }
        Set<String> fields = new LinkedHashSet<>();
        for (JsonNode field : list) {
            if (!field.isTextual() || !FIELD.matcher(field.asText()).matches()) {
                throw Refusal.INVALID_REQUEST.because("every field name matches " + FIELD.pattern());
            }
            fields.add(field.asText());
        }
        Map<String, JsonNode> parameters = new TreeMap<>();
        for (Map.Entry<String, JsonNode> member : root.properties()) {
            if (member.getKey().equals("fields")) {
                continue;
            }
            if (!PARAMETERS.contains(member.getKey())) {
                String shown = member.getKey().replaceAll("[^A-Za-z0-9_]", "?");
                throw Refusal.INVALID_REQUEST.because("unknown member \"" + shown + "\"; parameters are "
                        + new java.util.TreeSet<>(PARAMETERS));
            }
            parameters.put(member.getKey(), member.getValue());
        }
        return new FlowRequest(new ArrayList<>(fields), parameters);
    }

    /** Refuses parameters the flow does not take. */
    void allowOnly(Set<String> names) {
        for (String name : parameters.keySet()) {
            if (!names.contains(name)) {
                throw Refusal.INVALID_REQUEST.because("this flow takes no \"" + name + "\" (it takes "
                        + new java.util.TreeSet<>(names) + ")");
            }
        }
    }

    Optional<Long> longParameter(String name, long min, long max) {
        JsonNode node = parameters.get(name);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw Refusal.INVALID_REQUEST.because("\"" + name + "\" must be an integer from " + min + " to " + max);
        }
        return Optional.of(node.asLong());
    }

    LocalDate dateParameter(String name) {
        JsonNode node = parameters.get(name);
        if (node == null || !node.isTextual()) {
            throw Refusal.INVALID_REQUEST.because("\"" + name + "\" is required, an ISO date such as \"2026-01-31\"");
        }
        try {
            return LocalDate.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw Refusal.INVALID_REQUEST.because("\"" + name + "\" must be an ISO date such as \"2026-01-31\"");
        }
    }

    List<Long> idsParameter(String name, int max) {
        JsonNode node = parameters.get(name);
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > max) {
            throw Refusal.INVALID_REQUEST.because("\"" + name + "\" must be an array of 1 to " + max + " ids");
        }
        Set<Long> ids = new java.util.TreeSet<>();
        for (JsonNode id : node) {
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() < 1) {
                throw Refusal.INVALID_REQUEST.because("\"" + name + "\" holds positive integer ids only");
            }
            ids.add(id.asLong());
        }
        return List.copyOf(ids);
    }
}

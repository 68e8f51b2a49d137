package org.custos.app.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the app API. Parsing is strict: duplicate keys and trailing tokens are errors, and nesting
 * is shallow, because every request body is a flat object and a lenient parser would let two readers of the same
 * bytes disagree.
 */
public final class Json {
    /** Deepest nesting of arrays and objects a body may have; deeper is a malformed-json problem. */
    static final int MAX_NESTING = 16;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxStringLength(64 * 1024)
                .maxNumberLength(64)
                .build());
    }

    private Json() {
    }

    /**
     * Parses a body held in memory. Besides syntax errors ({@link JsonProcessingException}), the parser reports bytes
     * in an encoding it cannot detect as a plain {@link java.io.CharConversionException}: both are bad input.
     */
    static JsonNode parse(byte[] body) throws java.io.IOException {
        return MAPPER.readTree(body);
    }

    /** Sends {@code value} (a record, map or list) as {@code application/json} with the given status. */
    public static void send(ServerResponse response, Status status, Object value) {
        send(response, status, "application/json", value);
    }

    static void send(ServerResponse response, Status status, String mediaType, Object value) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response value is not serialisable: " + value.getClass().getName(), e);
        }
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, mediaType);
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(bytes);
    }
}

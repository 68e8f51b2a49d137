package org.custos.lockbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;

/** An HTTP answer as a test sees it: status, headers and the body parsed as JSON when there is one. */
record Reply(int status, HttpResponse<String> raw, JsonNode json) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Reply of(HttpResponse<String> response) {
        try {
            JsonNode json = response.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
            return new Reply(response.statusCode(), response, json);
        } catch (java.io.IOException e) {
            throw new AssertionError("answer is not JSON: " + response.body(), e);
        }
    }

    String body() {
        return raw.body();
    }

    String header(String name) {
        return raw.headers().firstValue(name).orElse("");
    }

    String text(String field) {
        return json.path(field).asText();
    }

    /** The problem type's last path segment: "validation" for https://custos.dev/problems/validation. */
    String problem() {
        String type = json.path("type").asText();
        return type.substring(type.lastIndexOf('/') + 1);
    }

    /** The fields named in a validation problem's errors. */
    java.util.List<String> errorFields() {
        java.util.List<String> fields = new java.util.ArrayList<>();
        json.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    @Override
    public String toString() {
        return status + " " + raw.body();
    }
}

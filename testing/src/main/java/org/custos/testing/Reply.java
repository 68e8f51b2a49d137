package org.custos.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;

/** An HTTP answer as a test sees it: status, headers and the body parsed as JSON when there is one. */
public record Reply(int status, HttpResponse<String> raw, JsonNode json) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static Reply of(HttpResponse<String> response) {
        try {
            JsonNode json = response.body().isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(response.body());
            return new Reply(response.statusCode(), response, json);
        } catch (java.io.IOException e) {
            throw new AssertionError("answer is not JSON: " + response.body(), e);
        }
    }

    public String body() {
        return raw.body();
    }

    public String header(String name) {
        return raw.headers().firstValue(name).orElse("");
    }

    public String text(String field) {
        return json.path(field).asText();
    }

    /** The problem type's last path segment: "validation" for https://custos.dev/problems/validation. */
    public String problem() {
        String type = json.path("type").asText();
        return type.substring(type.lastIndexOf('/') + 1);
    }

    /** The fields named in a validation problem's errors. */
    public java.util.List<String> errorFields() {
        java.util.List<String> fields = new java.util.ArrayList<>();
        json.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }

    @Override
    public String toString() {
        return status + " " + raw.body();
    }
}

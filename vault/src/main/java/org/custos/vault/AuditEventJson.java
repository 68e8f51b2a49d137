package org.custos.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of an audit event: compact JSON with a fixed member order, the bytes a transparency log appends.
 *
 * <pre>
 * {"v":1,"type":"protected-read","at":"2026-01-01T00:00:00Z","principal":"operator:alice",
 *  "purpose":"support.debug-account","columns":["app_accounts.email"],"subjects":["ps1:9f..."],"count":1}
 * {"v":1,"type":"key","at":"2026-01-01T00:00:00Z","kind":"SHREDDED","key":"dek:ps1:9f...","subject":"ps1:9f..."}
 * </pre>
 *
 * {@code subject} is absent from KEK events.
 */
final class AuditEventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditEventJson() {
    }

    static String write(AuditEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", 1);
        switch (event) {
            case AuditEvent.ProtectedRead read -> {
                node.put("type", "protected-read");
                node.put("at", read.at().toString());
                node.put("principal", read.principal().toString());
                node.put("purpose", read.purpose().name());
                ArrayNode columns = node.putArray("columns");
                read.columns().forEach(column -> columns.add(column.toString()));
                ArrayNode subjects = node.putArray("subjects");
                read.subjectPseudonyms().forEach(subjects::add);
                node.put("count", read.count());
            }
            case AuditEvent.KeyEvent key -> {
                node.put("type", "key");
                node.put("at", key.at().toString());
                node.put("kind", key.kind().name());
                node.put("key", key.keyId());
                key.subject().ifPresent(subject -> node.put("subject", subject));
            }
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an audit event", e);
        }
    }

    static AuditEvent read(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            Instant at = Instant.parse(node.required("at").asText());
            return switch (node.required("type").asText()) {
                case "protected-read" -> {
                    String principal = node.required("principal").asText();
                    int colon = principal.indexOf(':');
                    List<Column> columns = new ArrayList<>();
                    node.required("columns").forEach(c -> columns.add(Column.of(c.asText())));
                    List<String> subjects = new ArrayList<>();
                    node.required("subjects").forEach(s -> subjects.add(s.asText()));
                    yield new AuditEvent.ProtectedRead(
                            new Principal(Principal.Kind.valueOf(principal.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
                                    principal.substring(colon + 1)),
                            new Purpose(node.required("purpose").asText()), columns, subjects,
                            node.required("count").asInt(), at);
                }
                case "key" -> new AuditEvent.KeyEvent(AuditEvent.KeyEvent.Kind.valueOf(node.required("kind").asText()),
                        node.required("key").asText(), node.path("subject").asText(""), at);
                default -> throw new IllegalArgumentException("unknown audit event type " + node.get("type"));
            };
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("stored audit event is not readable: " + e.getMessage(), e);
        }
    }
}

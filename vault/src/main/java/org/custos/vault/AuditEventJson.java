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
 * {@code subject} is absent from KEK events, {@code grant} from reads made without one, {@code statement} from
 * release steps other than approvals. The other types ({@code service-reads}, {@code flow}, {@code access-step},
 * {@code policy}, {@code release}, {@code engine}, {@code lineage}, {@code build}) follow the record components of
 * {@link AuditEvent}; see docs/log-entries.md. A new type adds a {@code type} name and leaves the stored rows of the
 * others as they are, so {@code v} stays 1.
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
                if (!read.grant().isEmpty()) {
                    node.put("grant", read.grant());
                }
            }
            case AuditEvent.ServiceReads reads -> {
                node.put("type", "service-reads");
                node.put("at", reads.at().toString());
                node.put("principal", reads.principal().toString());
                node.put("purpose", reads.purpose().name());
                ArrayNode columns = node.putArray("columns");
                reads.columns().forEach(column -> columns.add(column.toString()));
                node.put("subjects", reads.subjects());
                node.put("count", reads.count());
                node.put("from", reads.windowStart().toString());
            }
            case AuditEvent.Flow flow -> {
                node.put("type", "flow");
                node.put("at", flow.at().toString());
                node.put("flow", flow.flowId());
                node.put("recipient", flow.recipient());
                node.put("policy", flow.policyVersion());
                node.put("query", flow.query());
                node.put("rowsRead", flow.rowsRead());
                node.put("rowsDelivered", flow.rowsDelivered());
                node.put("epsilon", flow.epsilonSpent());
                node.put("digest", flow.payloadDigest());
                node.put("decision", flow.decision().name());
                node.put("reason", flow.reason());
            }
            case AuditEvent.AccessStep step -> {
                node.put("type", "access-step");
                node.put("at", step.at().toString());
                node.put("step", step.step().name());
                node.put("request", step.requestId());
                node.put("actor", step.actor().toString());
                node.put("purpose", step.purpose().name());
                ArrayNode columns = node.putArray("columns");
                step.columns().forEach(column -> columns.add(column.toString()));
                ArrayNode subjects = node.putArray("subjects");
                step.subjectPseudonyms().forEach(subjects::add);
            }
            case AuditEvent.PolicyChange policy -> {
                node.put("type", "policy");
                node.put("at", policy.at().toString());
                node.put("policy", policy.policyId());
                node.put("version", policy.version());
                node.put("digest", policy.digest());
                node.put("retired", policy.retired());
                node.put("author", policy.author().toString());
            }
            case AuditEvent.KeyEvent key -> {
                node.put("type", "key");
                node.put("at", key.at().toString());
                node.put("kind", key.kind().name());
                node.put("key", key.keyId());
                key.subject().ifPresent(subject -> node.put("subject", subject));
            }
            case AuditEvent.ReleaseStep release -> {
                node.put("type", "release");
                node.put("at", release.at().toString());
                node.put("step", release.step().name());
                node.put("release", release.releaseId());
                node.put("artifact", release.artifactDigest());
                node.put("source", release.sourceDigest());
                node.put("actor", release.actor().toString());
                node.put("reason", release.reason());
                node.put("commitment", release.commitment());
                if (!release.statement().isEmpty()) {
                    node.put("statement", release.statement());
                }
            }
            case AuditEvent.EngineEvent engine -> {
                node.put("type", "engine");
                node.put("at", engine.at().toString());
                node.put("kind", engine.kind().name());
                node.put("release", engine.releaseId());
                node.put("artifact", engine.artifactDigest());
                node.put("previous", engine.previousRelease());
                node.put("reason", engine.reason());
                node.put("count", engine.count());
            }
            case AuditEvent.ModelLineage lineage -> {
                node.put("type", "lineage");
                node.put("at", lineage.at().toString());
                node.put("release", lineage.releaseId());
                node.put("artifact", lineage.artifactDigest());
                node.put("first", lineage.firstEvent().toString());
                node.put("last", lineage.lastEvent().toString());
                node.put("events", lineage.events());
                node.put("positives", lineage.positives());
                node.put("data", lineage.dataDigest());
                node.put("position", lineage.position());
                node.put("snapshot", lineage.snapshotDigest());
            }
            case AuditEvent.BuildMeasured build -> {
                node.put("type", "build");
                node.put("at", build.at().toString());
                node.put("server", build.serverDigest());
                node.put("runtime", build.runtime());
                ArrayNode components = node.putArray("components");
                build.components().forEach(components::add);
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
                case "protected-read" -> new AuditEvent.ProtectedRead(principal(node.required("principal")),
                        new Purpose(node.required("purpose").asText()), columns(node), strings(node.required("subjects")),
                        node.required("count").asInt(), node.path("grant").asText(""), at);
                case "service-reads" -> new AuditEvent.ServiceReads(principal(node.required("principal")),
                        new Purpose(node.required("purpose").asText()), columns(node),
                        node.required("subjects").asLong(), node.required("count").asLong(),
                        Instant.parse(node.required("from").asText()), at);
                case "flow" -> new AuditEvent.Flow(node.required("flow").asText(), node.required("recipient").asText(),
                        node.required("policy").asText(), node.required("query").asText(),
                        node.required("rowsRead").asLong(), node.required("rowsDelivered").asLong(),
                        node.required("epsilon").asText(), node.required("digest").asText(),
                        AuditEvent.Decision.valueOf(node.required("decision").asText()),
                        node.required("reason").asText(), at);
                case "access-step" -> new AuditEvent.AccessStep(
                        AuditEvent.AccessStep.Step.valueOf(node.required("step").asText()),
                        node.required("request").asText(), principal(node.required("actor")),
                        new Purpose(node.required("purpose").asText()), columns(node),
                        strings(node.required("subjects")), at);
                case "policy" -> new AuditEvent.PolicyChange(node.required("policy").asText(),
                        node.required("version").asText(), node.required("digest").asText(),
                        node.required("retired").asBoolean(), principal(node.required("author")), at);
                case "key" -> new AuditEvent.KeyEvent(AuditEvent.KeyEvent.Kind.valueOf(node.required("kind").asText()),
                        node.required("key").asText(), node.path("subject").asText(""), at);
                case "release" -> new AuditEvent.ReleaseStep(
                        AuditEvent.ReleaseStep.Step.valueOf(node.required("step").asText()),
                        node.required("release").asText(), node.required("artifact").asText(),
                        node.required("source").asText(), principal(node.required("actor")),
                        node.required("reason").asText(), node.required("commitment").asText(),
                        node.path("statement").asText(""), at);
                case "engine" -> new AuditEvent.EngineEvent(
                        AuditEvent.EngineEvent.Kind.valueOf(node.required("kind").asText()),
                        node.required("release").asText(), node.required("artifact").asText(),
                        node.required("previous").asText(), node.required("reason").asText(),
                        node.required("count").asLong(), at);
                case "lineage" -> new AuditEvent.ModelLineage(node.required("release").asText(),
                        node.required("artifact").asText(), Instant.parse(node.required("first").asText()),
                        Instant.parse(node.required("last").asText()), node.required("events").asLong(),
                        node.required("positives").asLong(), node.required("data").asText(),
                        node.required("position").asLong(), node.required("snapshot").asText(), at);
                case "build" -> new AuditEvent.BuildMeasured(node.required("server").asText(),
                        node.required("runtime").asText(), strings(node.required("components")), at);
                default -> throw new IllegalArgumentException("unknown audit event type " + node.get("type"));
            };
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("stored audit event is not readable: " + e.getMessage(), e);
        }
    }

    private static Principal principal(JsonNode text) {
        String value = text.asText();
        int colon = value.indexOf(':');
        return new Principal(Principal.Kind.valueOf(value.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
                value.substring(colon + 1));
    }

    private static List<Column> columns(JsonNode node) {
        List<Column> columns = new ArrayList<>();
        node.required("columns").forEach(c -> columns.add(Column.of(c.asText())));
        return columns;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(s -> out.add(s.asText()));
        return out;
    }
}

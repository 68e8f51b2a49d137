package org.custos.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed, validated policy set: the flow declarations, the recipients' budgets and the Cedar policies, ready to
 * decide. Immutable; built once per published version and cached.
 */
final class ActivePolicy {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> DECLARATION_KEYS = Set.of("flow", "kind", "description", "recipients", "fields",
            "maxRowsPerCall", "minGroupSize", "epsilonPerCall", "pseudonymKeyVersion", "maxDays",
            "maxContributionsPerUser", "maxWatchSecondsPerUserDay", "delta");

    private final PolicyBundle bundle;
    private final String version;
    private final Map<String, FlowDeclaration> flows;
    private final Map<String, Epsilon> budgets;
    private final CedarPolicies cedar;

    private ActivePolicy(PolicyBundle bundle, Map<String, FlowDeclaration> flows, Map<String, Epsilon> budgets,
                         CedarPolicies cedar) {
        this.bundle = bundle;
        this.version = bundle.version();
        this.flows = Map.copyOf(flows);
        this.budgets = Map.copyOf(budgets);
        this.cedar = cedar;
    }

    /**
     * Parses and checks every file of {@code bundle}.
     *
     * @throws InvalidPolicyException naming the first file that is wrong
     */
    static ActivePolicy of(PolicyBundle bundle) {
        Map<String, FlowDeclaration> flows = new LinkedHashMap<>();
        Map<String, Epsilon> budgets = new HashMap<>();
        StringBuilder cedarText = new StringBuilder();
        for (Map.Entry<String, String> file : bundle.files().entrySet()) {
            String name = file.getKey();
            if (name.endsWith(".flow.json")) {
                FlowDeclaration flow = declaration(name, file.getValue());
                if (!name.equals(flow.name() + ".flow.json")) {
                    throw new InvalidPolicyException(name, "declares flow \"" + flow.name()
                            + "\"; name the file " + flow.name() + ".flow.json", null);
                }
                flows.put(flow.name(), flow);
            } else if (name.equals("budgets.json")) {
                budgets.putAll(budgets(name, file.getValue()));
            } else {
                cedarText.append("// file: ").append(name).append('\n').append(file.getValue()).append('\n');
            }
        }
        if (flows.isEmpty()) {
            throw new InvalidPolicyException("policy set", "declares no flow (no *.flow.json file)", null);
        }
        for (FlowDeclaration flow : flows.values()) {
            if (!flow.epsilonPerCall().isZero()) {
                for (String recipient : flow.recipients()) {
                    if (!budgets.containsKey(recipient)) {
                        throw new InvalidPolicyException("budgets.json", "flow " + flow.name() + " spends epsilon "
                                + "but recipient " + recipient + " has no budget", null);
                    }
                }
            }
        }
        return new ActivePolicy(bundle, flows, budgets, CedarPolicies.parse(cedarText.toString()));
    }

    private static FlowDeclaration declaration(String file, String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !root.isObject()) {
                throw new InvalidPolicyException(file, "must be one JSON object", null);
            }
            for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!DECLARATION_KEYS.contains(key)) {
                    throw new InvalidPolicyException(file, "unknown member \"" + key + "\"; known: "
                            + new java.util.TreeSet<>(DECLARATION_KEYS), null);
                }
            }
            String kindId = text(file, root, "kind");
            FlowKind kind = FlowKind.byId(kindId).orElseThrow(() -> new InvalidPolicyException(file,
                    "unknown kind \"" + kindId + "\"; kinds: public-content, aggregate-metrics, trust-and-safety, "
                            + "model-telemetry", null));
            Set<String> recipients = new HashSet<>();
            JsonNode list = root.path("recipients");
            if (!list.isArray()) {
                throw new InvalidPolicyException(file, "\"recipients\" must be an array of operator names", null);
            }
            list.forEach(r -> recipients.add(r.asText()));
            Map<String, Transformation> fields = new HashMap<>();
            JsonNode map = root.path("fields");
            if (!map.isObject()) {
                throw new InvalidPolicyException(file, "\"fields\" must map field names to pass, pseudonymise or "
                        + "aggregate", null);
            }
            for (Map.Entry<String, JsonNode> field : map.properties()) {
                String how = field.getValue().asText();
                fields.put(field.getKey(), Transformation.byId(how).orElseThrow(() -> new InvalidPolicyException(
                        file, "field " + field.getKey() + ": unknown transformation \"" + how
                        + "\" (pass, pseudonymise, aggregate)", null)));
            }
            return new FlowDeclaration(text(file, root, "flow"), kind, root.path("description").asText(""),
                    recipients, fields, root.path("maxRowsPerCall").asInt(100), root.path("minGroupSize").asInt(0),
                    Epsilon.parse(root.path("epsilonPerCall").asText("0")), root.path("pseudonymKeyVersion").asInt(1),
                    root.path("maxDays").asInt(31), root.path("maxContributionsPerUser").asInt(7),
                    root.path("maxWatchSecondsPerUserDay").asLong(7200),
                    delta(file, root.path("delta").asText("0.000001")));
        } catch (InvalidPolicyException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidPolicyException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(file, e.getMessage(), e);
        }
    }

    private static double delta(String file, String text) {
        try {
            return new java.math.BigDecimal(text.strip()).doubleValue();
        } catch (NumberFormatException e) {
            throw new InvalidPolicyException(file, "\"delta\" must be a decimal string such as \"1e-6\"", e);
        }
    }

    private static String text(String file, JsonNode root, String member) {
        JsonNode node = root.get(member);
        if (node == null || !node.isTextual()) {
            throw new InvalidPolicyException(file, "\"" + member + "\" is required (a string)", null);
        }
        return node.asText();
    }

    private static Map<String, Epsilon> budgets(String file, String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !root.isObject()) {
                throw new InvalidPolicyException(file, "must map recipient names to epsilon budgets", null);
            }
            Map<String, Epsilon> budgets = new HashMap<>();
            for (Map.Entry<String, JsonNode> entry : root.properties()) {
                if (!entry.getValue().isTextual()) {
                    throw new InvalidPolicyException(file, "budget of " + entry.getKey()
                            + " must be a decimal string such as \"10\"", null);
                }
                budgets.put(entry.getKey(), Epsilon.parse(entry.getValue().asText()));
            }
            return budgets;
        } catch (InvalidPolicyException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidPolicyException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(file, e.getMessage(), e);
        }
    }

    String version() {
        return version;
    }

    PolicyBundle bundle() {
        return bundle;
    }

    Optional<FlowDeclaration> flow(String name) {
        return Optional.ofNullable(flows.get(name));
    }

    Map<String, FlowDeclaration> flows() {
        return flows;
    }

    /** The recipient's total budget; zero when none is declared. */
    Epsilon budget(String recipient) {
        return budgets.getOrDefault(recipient, Epsilon.ZERO);
    }

    CedarPolicies cedar() {
        return cedar;
    }
}

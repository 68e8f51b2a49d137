package org.custos.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.custos.vault.Principal;

/**
 * The gateway's HTTP API under {@code /v1/egress} (docs/gateway.md). Every handler authenticates the operator first
 * and answers failures itself as RFC 9457 problem documents, so the gateway's answers do not depend on other
 * modules' error handlers.
 */
final class EgressRoutes {
    static final HeaderName PAYLOAD_DIGEST = HeaderNames.create("Custos-Payload-Digest");
    private static final Logger LOG = Logger.getLogger(EgressRoutes.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_POLICY_BYTES = 2 << 20;

    private final Callers callers;
    private final Egress egress;
    private final Policies policies;
    private final PrivacyBudget budget;

    EgressRoutes(Callers callers, Egress egress, Policies policies, PrivacyBudget budget) {
        this.callers = callers;
        this.egress = egress;
        this.policies = policies;
        this.budget = budget;
    }

    void register(HttpRouting.Builder routing) {
        routing.post("/v1/egress/flows/{flow}", guarded(this::flow))
                .get("/v1/egress/flows", guarded(this::listFlows))
                .get("/v1/egress/policy", guarded(this::policy))
                .put("/v1/egress/policy", guarded(this::publish))
                .get("/v1/egress/budget", guarded(this::budget));
    }

    private void flow(ServerRequest request, ServerResponse response) {
        Caller caller = authenticate(request);
        String flow = request.path().pathParameters().get("flow");
        Egress.Delivered delivered = egress.deliver(caller, flow, body(request, FlowRequest.MAX_BODY_BYTES));
        response.header(PAYLOAD_DIGEST, delivered.digest());
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(delivered.body());
    }

    private void listFlows(ServerRequest request, ServerResponse response) {
        Caller caller = authenticate(request);
        ActivePolicy policy = policies.active();
        boolean seesAll = caller.has(Caller.Role.CUSTODIAN) || caller.has(Caller.Role.REGULATOR);
        List<Map<String, Object>> flows = policy.flows().values().stream()
                .filter(f -> seesAll || f.recipients().contains(caller.name()))
                .sorted(java.util.Comparator.comparing(FlowDeclaration::name))
                .map(f -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("flow", f.name());
                    view.put("kind", f.kind().id());
                    view.put("description", f.description());
                    Map<String, String> fields = new TreeMap<>();
                    f.fields().forEach((name, how) -> fields.put(name, how.id()));
                    view.put("fields", fields);
                    view.put("maxRowsPerCall", f.maxRows());
                    view.put("minGroupSize", f.minGroupSize());
                    view.put("epsilonPerCall", f.epsilonPerCall().toString());
                    if (seesAll) {
                        view.put("recipients", new java.util.TreeSet<>(f.recipients()));
                    }
                    return view;
                })
                .toList();
        send(response, Status.OK_200, Map.of("policyVersion", policy.version(), "flows", flows));
    }

    private void policy(ServerRequest request, ServerResponse response) {
        authenticate(request);
        ActivePolicy policy = policies.active();
        send(response, Status.OK_200, Map.of("version", policy.version(), "files", policy.bundle().files()));
    }

    private void publish(ServerRequest request, ServerResponse response) {
        Caller caller = authenticate(request);
        if (!caller.has(Caller.Role.CUSTODIAN)) {
            throw Refusal.NOT_A_CUSTODIAN.because("publishing policies needs the CUSTODIAN_ADMIN role");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body(request, MAX_POLICY_BYTES));
        } catch (IOException e) {
            throw Refusal.INVALID_REQUEST.because("the body is not valid JSON");
        }
        JsonNode files = root == null ? null : root.get("files");
        if (files == null || !files.isObject() || root.size() != 1) {
            throw Refusal.INVALID_REQUEST.because("send {\"files\": {\"<name>\": \"<text>\", ...}}");
        }
        TreeMap<String, String> texts = new TreeMap<>();
        for (Map.Entry<String, JsonNode> file : files.properties()) {
            if (!file.getValue().isTextual()) {
                throw Refusal.INVALID_REQUEST.because("file " + file.getKey() + " must be a string");
            }
            texts.put(file.getKey(), file.getValue().asText());
        }
        PolicyBundle bundle;
        try {
            bundle = new PolicyBundle(texts);
        } catch (IllegalArgumentException e) {
            throw Refusal.INVALID_POLICY.because(e.getMessage());
        }
        boolean published;
        try {
            published = policies.publish(bundle, Principal.operator(caller.principalId()));
        } catch (InvalidPolicyException e) {
            throw Refusal.INVALID_POLICY.because(e.getMessage());
        }
        send(response, Status.OK_200, Map.of("version", bundle.version(), "published", published));
    }

    private void budget(ServerRequest request, ServerResponse response) {
        Caller caller = authenticate(request);
        Epsilon limit = policies.active().budget(caller.name());
        Epsilon spent = budget.spent(caller.name());
        Epsilon remaining = spent.compareTo(limit) >= 0 ? Epsilon.ZERO : new Epsilon(limit.micro() - spent.micro());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("recipient", caller.name());
        view.put("budget", limit.toString());
        view.put("spent", spent.toString());
        view.put("remaining", remaining.toString());
        send(response, Status.OK_200, view);
    }

    private Caller authenticate(ServerRequest request) {
        Optional<String> header = request.headers().first(HeaderNames.AUTHORIZATION);
        return header.flatMap(callers::identify).orElseThrow(() -> Refusal.UNAUTHENTICATED.because(
                "send an operator token as 'Authorization: Bearer <token>'"));
    }

    private static byte[] body(ServerRequest request, int limit) {
        Optional<io.helidon.http.HttpMediaType> type = request.headers().contentType();
        if (type.isPresent() && !type.get().test(io.helidon.common.media.type.MediaTypes.APPLICATION_JSON)) {
            throw Refusal.UNSUPPORTED_MEDIA_TYPE.because("send the body as application/json");
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw Refusal.INVALID_REQUEST.because("the body is larger than " + limit + " bytes");
            }
            if (bytes.length > 0 && type.isEmpty()) {
                throw Refusal.UNSUPPORTED_MEDIA_TYPE.because("send the body with Content-Type: application/json");
            }
            return bytes;
        } catch (IOException e) {
            throw Refusal.INVALID_REQUEST.because("the body could not be read");
        }
    }

    private static Handler guarded(Handler handler) {
        return (request, response) -> {
            try {
                handler.handle(request, response);
            } catch (EgressRefusedException e) {
                problem(response, e.refusal(), e.detail());
            } catch (GatewayUnavailableException e) {
                LOG.log(Level.WARNING, "egress unavailable: " + e.getMessage(), e.getCause());
                problem(response, Refusal.UNAVAILABLE, e.getMessage());
            } catch (org.custos.vault.AuditUnavailableException e) {
                // A source could not account for its reads: it decrypted nothing, and nothing is delivered.
                LOG.log(Level.WARNING, "egress unavailable: the audit path refused a read", e);
                problem(response, Refusal.UNAVAILABLE, "the audit path is unavailable; nothing was delivered");
            }
        };
    }

    private static void problem(ServerResponse response, Refusal refusal, String detail) {
        if (response.isSent()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", refusal.type());
        body.put("title", refusal.title());
        body.put("status", refusal.status());
        body.put("detail", detail);
        if (refusal == Refusal.UNAUTHENTICATED) {
            response.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        if (refusal == Refusal.UNAVAILABLE) {
            response.header(HeaderNames.RETRY_AFTER, "5");
        }
        try {
            response.status(Status.create(refusal.status()));
            response.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
            response.header(HeaderNames.CACHE_CONTROL, "no-store");
            response.send(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException("problem document not serialisable", e);
        }
    }

    private static void send(ServerResponse response, Status status, Object value) {
        try {
            response.status(status);
            response.header(HeaderNames.CONTENT_TYPE, "application/json");
            response.header(HeaderNames.CACHE_CONTROL, "no-store");
            response.send(JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }
}

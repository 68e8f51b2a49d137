package org.custos.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decision path of one flow call, in the order that makes default deny hold: the caller must be an owner
 * recipient; the flow, the recipient and every field must be declared; Cedar must permit; the budget must cover the
 * call. Only then does the flow read, and its payload leaves only after its flow record (and budget spend) has
 * committed. Every refusal after authentication is recorded.
 */
final class Egress {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The flow id a record names when the path named no declared flow (it cannot be a declared name). */
    static final String UNDECLARED = "(undeclared)";

    /** A payload ready to send and its digest, which the flow record names. */
    record Delivered(byte[] body, String digest) {
    }

    private final Policies policies;
    private final Map<FlowKind, EgressFlow> flows;
    private final PrivacyBudget budget;
    private final FlowRecorder recorder;
    private final Pseudonymiser pseudonyms;

    Egress(Policies policies, Map<FlowKind, EgressFlow> flows, PrivacyBudget budget, FlowRecorder recorder,
           Pseudonymiser pseudonyms) {
        this.pseudonyms = pseudonyms;
        this.policies = policies;
        this.flows = Map.copyOf(flows);
        this.budget = budget;
        this.recorder = recorder;
    }

    Delivered deliver(Caller caller, String flowName, byte[] body) {
        ActivePolicy policy = policies.active();
        // The name in the path is the caller's text: only a declared flow's name is recorded.
        String flowId = policy.flow(flowName).isPresent() ? flowName : UNDECLARED;
        if (!caller.has(Caller.Role.OWNER)) {
            throw refuse(policy, flowId, caller, FlowQuery.NONE, Refusal.NOT_AN_OWNER, "operator " + caller.name()
                    + " is not an owner engineer");
        }
        FlowDeclaration declaration = policy.flow(flowName).orElseThrow(() -> refuse(policy, flowId, caller,
                FlowQuery.NONE, Refusal.FLOW_NOT_DECLARED, "no such flow in policy " + policy.version()
                        + "; declared: " + new java.util.TreeSet<>(policy.flows().keySet())));
        if (!declaration.recipients().contains(caller.name())) {
            throw refuse(policy, flowId, caller, FlowQuery.NONE, Refusal.RECIPIENT_NOT_DECLARED, "flow " + flowId
                    + " is not declared for recipient " + caller.name());
        }
        FlowRequest request = FlowRequest.parse(body);
        EgressFlow flow = flows.get(declaration.kind());
        // Parameters are checked against the flow's schema before anything is recorded (a bad one is a 400, not
        // logged), so the record shows validated values only.
        Map<String, Object> parameters = flow.parameters(request, declaration);
        List<String> declared = request.fields().stream().filter(declaration::delivers).toList();
        List<String> undeclared = request.fields().stream().filter(f -> !declaration.delivers(f)).toList();
        String query = FlowQuery.of(declared, undeclared.size(), parameters,
                (name, value) -> pseudonyms.commitment(caller.name(), name, value)).canonical();
        if (!undeclared.isEmpty()) {
            throw refuse(policy, flowId, caller, query, Refusal.FIELD_NOT_DECLARED, "flow " + flowId
                    + " does not declare " + undeclared + "; it declares " + new java.util.TreeSet<>(
                    declaration.fields().keySet()));
        }
        long days = flow.days(request, declaration);
        boolean permitted;
        try {
            permitted = policy.cedar().permits(caller.name(), flowName, declaration.kind().dataset(),
                    request.fields(), days);
        } catch (IllegalStateException e) {
            permitted = false; // an engine failure denies
        }
        if (!permitted) {
            throw refuse(policy, flowId, caller, query, Refusal.POLICY_DENIED, "no Cedar policy of "
                    + policy.version() + " permits " + caller.name() + " to run " + flowId + " with these fields");
        }
        Epsilon limit = policy.budget(caller.name());
        if (!declaration.epsilonPerCall().isZero()
                && budget.spent(caller.name()).plus(declaration.epsilonPerCall()).compareTo(limit) > 0) {
            throw refuse(policy, flowId, caller, query, Refusal.BUDGET_EXHAUSTED, "privacy budget exhausted: this "
                    + "call needs " + declaration.epsilonPerCall() + " of a budget of " + limit);
        }
        EgressFlow.Output output = flow.run(declaration, request, caller.name());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("flow", flowName);
        payload.put("policyVersion", policy.version());
        payload.put("epsilonSpent", output.epsilon().toString());
        payload.put("rows", output.rows());
        output.next().ifPresent(next -> payload.put("next", next));
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("flow output is not serialisable", e);
        }
        String digest = digest(bytes);
        recorder.allowed(new FlowRecorder.Delivery(flowName, caller.name(), policy.version(), query,
                output.rowsRead(), output.rows().size(), output.epsilon(), limit, digest));
        return new Delivered(bytes, digest);
    }

    /** Records the refusal by its code only; the detail, which may quote the request, goes to the caller alone. */
    private EgressRefusedException refuse(ActivePolicy policy, String flow, Caller caller, String query,
                                          Refusal refusal, String detail) {
        recorder.denied(flow, caller.name(), policy.version(), query, refusal);
        return refusal.because(detail);
    }

    static String digest(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}

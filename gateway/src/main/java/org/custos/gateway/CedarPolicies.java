package org.custos.gateway;

import com.cedarpolicy.AuthorizationEngine;
import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The Cedar half of a policy set, parsed once and kept (Cedar's native engine is handed the parsed set on each
 * decision). A request is {@code principal = Custos::Operator::"<recipient>"}, {@code action =
 * Custos::Action::"<flow>"}, {@code resource = Custos::Dataset::"<dataset>"} with context {@code fields} (the
 * requested field names, a set) and {@code days} (the day range of an aggregate, 0 otherwise). Cedar denies unless
 * some {@code permit} matches and no {@code forbid} does.
 */
final class CedarPolicies {
    private static final AuthorizationEngine ENGINE = new BasicAuthorizationEngine();
    private static final EntityTypeName OPERATOR = type("Custos::Operator");
    private static final EntityTypeName ACTION = type("Custos::Action");
    private static final EntityTypeName DATASET = type("Custos::Dataset");

    private static final int MEMO_LIMIT = 10_000;

    private final PolicySet policies;
    private final java.util.Map<String, Boolean> memo = new java.util.concurrent.ConcurrentHashMap<>();

    private CedarPolicies(PolicySet policies) {
        this.policies = policies;
    }

    /** @throws InvalidPolicyException if the text does not parse as Cedar policies */
    static CedarPolicies parse(String text) {
        PolicySet set;
        try {
            set = PolicySet.parsePolicies(text);
        } catch (InternalException | RuntimeException e) {
            throw new InvalidPolicyException("*.cedar", "not valid Cedar: " + e.getMessage(), e);
        }
        if (set.getNumPolicies() == 0) {
            throw new InvalidPolicyException("*.cedar", "no Cedar policy: every flow would be denied", null);
        }
        try {
            set.cache();
        } catch (Exception e) {
            // Without the native cache every decision re-sends the policy text: slower, still correct.
            java.util.logging.Logger.getLogger(CedarPolicies.class.getName())
                    .fine(() -> "Cedar policy cache unavailable: " + e);
        }
        return new CedarPolicies(set);
    }

    /**
     * Cedar's decision, remembered: a decision depends only on the request and this (immutable) policy set, so it
     * is computed once per distinct request and kept while the set is in force (at most {@value #MEMO_LIMIT}
     * requests; the memo starts over when full). A failed evaluation is not remembered.
     *
     * @throws IllegalStateException if the engine fails (the caller denies)
     */
    boolean permits(String recipient, String flow, String dataset, Collection<String> fields, long days) {
        String key = recipient + '\0' + flow + '\0' + dataset + '\0' + new java.util.TreeSet<>(fields) + '\0' + days;
        Boolean known = memo.get(key);
        if (known != null) {
            return known;
        }
        boolean decided = evaluate(recipient, flow, dataset, fields, days);
        if (memo.size() >= MEMO_LIMIT) {
            memo.clear();
        }
        memo.put(key, decided);
        return decided;
    }

    /**
     * Cedar's decision, evaluated by the native engine every time.
     *
     * @throws IllegalStateException if the engine fails (the caller denies)
     */
    boolean evaluate(String recipient, String flow, String dataset, Collection<String> fields, long days) {
        List<Value> names = fields.stream().sorted().map(f -> (Value) new PrimString(f)).toList();
        Context context = new Context(Map.of("fields", new CedarList(names), "days", new PrimLong(days)));
        AuthorizationRequest request = new AuthorizationRequest(OPERATOR.of(recipient), ACTION.of(flow),
                DATASET.of(dataset), context);
        try {
            AuthorizationResponse response = ENGINE.isAuthorized(request, policies, java.util.Set.of());
            return response.success.map(s -> s.isAllowed()).orElseThrow(() -> new IllegalStateException(
                    "Cedar could not decide: " + response));
        } catch (AuthException e) {
            throw new IllegalStateException("Cedar could not decide", e);
        }
    }

    int size() {
        return policies.getNumPolicies();
    }

    private static EntityTypeName type(String name) {
        return EntityTypeName.parse(name).orElseThrow();
    }
}

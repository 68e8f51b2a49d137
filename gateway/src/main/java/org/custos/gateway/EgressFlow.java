package org.custos.gateway;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The code behind one {@link FlowKind}. It runs only after the declaration and Cedar allowed the request, with the
 * fields already checked against the declaration; it reads inside the boundary and returns only what the
 * declaration's transformations let out.
 */
sealed interface EgressFlow permits PublicContentFlow, AggregateMetricsFlow, TrustAndSafetyFlow, ModelTelemetryFlow {

    /** What one call produces. */
    record Output(List<Map<String, Object>> rows, Optional<String> next, long rowsRead, Epsilon epsilon) {
        public Output {
            rows = List.copyOf(rows);
        }
    }

    /**
     * The request's parameters checked against this flow's declared parameters, before anything is recorded: a
     * {@link Long}, a list of {@link Long}, or another value (published only as a commitment, see {@link FlowQuery}).
     *
     * @throws EgressRefusedException {@link Refusal#INVALID_REQUEST} for parameters the flow does not take or bad
     *     values
     */
    Map<String, Object> parameters(FlowRequest request, FlowDeclaration declaration);

    /** The day range the request covers, for the Cedar context; 0 for flows without one. */
    default long days(FlowRequest request, FlowDeclaration declaration) {
        return 0;
    }

    /** @throws EgressRefusedException {@link Refusal#INVALID_REQUEST} for bad parameters */
    Output run(FlowDeclaration declaration, FlowRequest request, String recipient);
}

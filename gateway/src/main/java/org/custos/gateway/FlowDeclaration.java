package org.custos.gateway;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.custos.vault.DataClass;

/**
 * A named flow as the custodian declares it in a policy file ({@code <name>.flow.json}, see docs/gateway.md):
 * which kind of flow, to whom, which fields and how each leaves, and the limits that apply. A field or recipient
 * that is not declared here is refused, whatever the Cedar policies say.
 *
 * @param maxRows the most rows one call delivers
 * @param minGroupSize aggregates over fewer users (or examples) are suppressed
 * @param epsilonPerCall the privacy budget one call spends (aggregate flows; zero otherwise)
 * @param pseudonymKeyVersion which version of the recipients' pseudonym keys the flow uses; raising it rotates them
 * @param maxDays the longest day range one aggregate call may cover
 * @param maxContributionsPerUser how many (day, group) cells one user may contribute to per call
 * @param maxWatchSecondsPerUserDay the cap on one user's watch time in one day, in seconds
 * @param delta the δ of the aggregate's (ε, δ) guarantee: the largest probability that one user's data makes a
 *     cell appear that would otherwise not (see {@link AggregateMetricsFlow#releaseThreshold})
 */
record FlowDeclaration(String name, FlowKind kind, String description, Set<String> recipients,
                       Map<String, Transformation> fields, int maxRows, int minGroupSize, Epsilon epsilonPerCall,
                       int pseudonymKeyVersion, int maxDays, int maxContributionsPerUser,
                       long maxWatchSecondsPerUserDay, double delta) {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    FlowDeclaration {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(epsilonPerCall, "epsilonPerCall");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("flow name must match " + NAME.pattern() + ", got \"" + name + "\"");
        }
        recipients = Set.copyOf(recipients);
        fields = Map.copyOf(fields);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("flow " + name + " declares no recipient");
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("flow " + name + " declares no field");
        }
        fields.forEach((field, how) -> {
            DataClass dataClass = kind.fields().get(field);
            if (dataClass == null) {
                throw new IllegalArgumentException("flow " + name + ": " + kind.id() + " has no field \"" + field
                        + "\"; it has " + kind.fields().keySet());
            }
            if (!how.admits(dataClass)) {
                throw new IllegalArgumentException("flow " + name + ": field " + field + " is " + dataClass
                        + " and cannot leave as " + how.id()
                        + (dataClass == DataClass.PROTECTED
                                ? " (PROTECTED fields leave only pseudonymised or aggregated)" : ""));
            }
            if (kind != FlowKind.AGGREGATE_METRICS && how == Transformation.AGGREGATE) {
                throw new IllegalArgumentException("flow " + name + ": only aggregate-metrics aggregates; declare "
                        + field + " as pass or pseudonymise");
            }
            if (kind == FlowKind.MODEL_TELEMETRY && how != Transformation.PASS) {
                throw new IllegalArgumentException("flow " + name + ": model-telemetry fields are aggregates already "
                        + "and only pass");
            }
            if (kind == FlowKind.AGGREGATE_METRICS && how != Transformation.AGGREGATE) {
                throw new IllegalArgumentException("flow " + name + ": every field of aggregate-metrics is aggregated");
            }
        });
        if (maxRows < 1 || maxRows > 10_000) {
            throw new IllegalArgumentException("flow " + name + ": maxRows must be 1..10000, got " + maxRows);
        }
        if (minGroupSize < 0 || pseudonymKeyVersion < 1 || maxDays < 1 || maxDays > 366
                || maxContributionsPerUser < 1 || maxWatchSecondsPerUserDay < 1) {
            throw new IllegalArgumentException("flow " + name + ": limits out of range (minGroupSize >= 0, "
                    + "pseudonymKeyVersion >= 1, maxDays 1..366, maxContributionsPerUser >= 1, "
                    + "maxWatchSecondsPerUserDay >= 1)");
        }
        if (!(delta > 0 && delta <= 1e-3)) {
            throw new IllegalArgumentException("flow " + name + ": delta must be > 0 and <= 0.001, got " + delta);
        }
        if (kind == FlowKind.AGGREGATE_METRICS) {
            if (epsilonPerCall.isZero()) {
                throw new IllegalArgumentException("flow " + name + ": an aggregate flow must spend epsilon > 0");
            }
            if (!fields.containsKey("day") || !(fields.containsKey("dau") || fields.containsKey("watch_time_s"))) {
                throw new IllegalArgumentException("flow " + name + ": aggregate-metrics declares day and a measure");
            }
            if (minGroupSize < 1) {
                throw new IllegalArgumentException("flow " + name + ": an aggregate flow needs minGroupSize >= 1");
            }
        }
    }

    boolean delivers(String field) {
        return fields.containsKey(field);
    }
}

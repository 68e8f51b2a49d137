package org.custos.gateway;

import io.helidon.webserver.http.HttpRouting;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.custos.vault.Migrations;
import org.custos.vault.Principal;
import org.custos.vault.Vault;

/**
 * The egress gateway: the only way data leaves the boundary (docs/gateway.md).
 *
 * <p>Flows are named and declared by the custodian in policy files, decided by Cedar, and deny by default: an
 * undeclared flow, recipient or field, a Cedar denial and an exhausted privacy budget are refused with an RFC 9457
 * problem and recorded. Every delivery is recorded ({@code AuditEvent.Flow}: policy version, canonical query, row
 * counts, ε spent, payload digest) before it is sent.
 *
 * <p>Before {@link #create}, the {@code vault} and {@code gateway} migrations must have been applied (the server does
 * it); {@code create} publishes the start-up policy set. Thread-safe.
 */
public final class Gateway {
    private final Policies policies;
    private final EgressRoutes routes;

    private Gateway(Policies policies, EgressRoutes routes) {
        this.policies = policies;
        this.routes = routes;
    }

    /** The data the flows read. */
    public record Sources(PublicCatalog catalog, ActivitySource activity, ModelTelemetry telemetry) {
        public Sources {
            Objects.requireNonNull(catalog, "catalog");
            Objects.requireNonNull(activity, "activity");
            Objects.requireNonNull(telemetry, "telemetry");
        }
    }

    /** A gateway drawing differential-privacy noise from a new {@link SecureRandom}. */
    public static Gateway create(GatewaySettings settings, DataSource dataSource, Vault vault, Sources sources,
                                 Callers callers, Clock clock) {
        return create(settings, dataSource, vault, sources, callers, clock, new SecureRandom());
    }

    /**
     * A gateway with injected randomness. Production MUST pass a {@link SecureRandom}; only tests pass seeded
     * generators.
     *
     * @throws InvalidPolicyException if the start-up policy set is invalid
     */
    public static Gateway create(GatewaySettings settings, DataSource dataSource, Vault vault, Sources sources,
                                 Callers callers, Clock clock, RandomGenerator noise) {
        Migrations.apply(dataSource, "gateway");
        PolicyStore store = new PolicyStore(dataSource, vault);
        Policies policies = new Policies(store, clock);
        policies.start(settings.policyDirectory().map(PolicyBundle::fromDirectory), PolicyBundle.bundled());
        Pseudonymiser pseudonyms = new Pseudonymiser(vault);
        PrivacyBudget budget = new PrivacyBudget(dataSource);
        Map<FlowKind, EgressFlow> flows = Map.of(
                FlowKind.PUBLIC_CONTENT, new PublicContentFlow(sources.catalog(), pseudonyms),
                FlowKind.AGGREGATE_METRICS, new AggregateMetricsFlow(sources.activity(), noise),
                FlowKind.TRUST_AND_SAFETY, new TrustAndSafetyFlow(sources.catalog(), pseudonyms),
                FlowKind.MODEL_TELEMETRY, new ModelTelemetryFlow(sources.telemetry()));
        Egress egress = new Egress(policies, flows, budget, new FlowRecorder(dataSource, vault, budget, clock),
                pseudonyms);
        return new Gateway(policies, new EgressRoutes(callers, egress, policies, budget));
    }

    /** Mounts {@code /v1/egress/...}. */
    public void register(HttpRouting.Builder routing) {
        routes.register(routing);
    }

    /** The version of the policy set in force ({@code sha256:...}). */
    public String policyVersion() {
        return policies.active().version();
    }

    /**
     * Publishes a policy set on behalf of {@code author} (for tools; the custodian's HTTP route does the same).
     *
     * @return true if it became the set in force, false if it already was
     * @throws InvalidPolicyException if it is invalid; nothing changes
     */
    public boolean publish(PolicyBundle bundle, Principal author) {
        return policies.publish(bundle, author);
    }
}

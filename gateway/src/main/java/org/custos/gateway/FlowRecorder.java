package org.custos.gateway;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditUnavailableException;
import org.custos.vault.Vault;

/**
 * Writes every flow's {@link AuditEvent.Flow} before anything is delivered: allowed flows with their digest, row
 * counts and the budget they spent (in the same transaction as the spend), refusals with their reason. If the event
 * cannot be committed, nothing is delivered.
 */
final class FlowRecorder {
    private final DataSource dataSource;
    private final Vault vault;
    private final PrivacyBudget budget;
    private final Clock clock;

    FlowRecorder(DataSource dataSource, Vault vault, PrivacyBudget budget, Clock clock) {
        this.dataSource = dataSource;
        this.vault = vault;
        this.budget = budget;
        this.clock = clock;
    }

    /** What an allowed call is about to deliver. */
    record Delivery(String flow, String recipient, String policyVersion, String query, long rowsRead,
                    long rowsDelivered, Epsilon epsilon, Epsilon budgetLimit, String payloadDigest) {
    }

    /**
     * Commits the spend (if any) and the flow event together.
     *
     * @throws EgressRefusedException {@link Refusal#BUDGET_EXHAUSTED} if the spend does not fit (then the refusal is
     *     recorded instead)
     * @throws GatewayUnavailableException if nothing could be committed
     */
    void allowed(Delivery d) {
        AuditEvent.Flow event = new AuditEvent.Flow(d.flow(), d.recipient(), d.policyVersion(), d.query(),
                d.rowsRead(), d.rowsDelivered(), d.epsilon().toString(), d.payloadDigest(),
                AuditEvent.Decision.ALLOWED, "", clock.instant());
        if (d.epsilon().isZero()) {
            try {
                vault.record(event);
                return;
            } catch (AuditUnavailableException e) {
                throw new GatewayUnavailableException("cannot record the flow; nothing delivered", e);
            }
        }
        boolean spent;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                spent = budget.spend(c, d.recipient(), d.epsilon(), d.budgetLimit(), d.flow(), d.policyVersion(),
                        d.payloadDigest(), event.at());
                if (spent) {
                    vault.record(c, event);
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new GatewayUnavailableException("cannot spend the privacy budget; nothing delivered", e);
        }
        if (!spent) {
            String reason = "privacy budget exhausted: this call needs " + d.epsilon() + " of a budget of "
                    + d.budgetLimit();
            denied(d.flow(), d.recipient(), d.policyVersion(), d.query(), Refusal.BUDGET_EXHAUSTED);
            throw Refusal.BUDGET_EXHAUSTED.because(reason);
        }
    }

    /**
     * Records a refusal under its code ({@link Refusal#code()}), never a sentence: a sentence would quote the
     * request, which is the caller's text. A failure to record is itself reported as unavailability.
     */
    void denied(String flow, String recipient, String policyVersion, String query, Refusal refusal) {
        try {
            vault.record(new AuditEvent.Flow(flow, recipient, policyVersion, query, 0, 0, "0", "",
                    AuditEvent.Decision.DENIED, refusal.code(),
                    clock.instant()));
        } catch (AuditUnavailableException e) {
            throw new GatewayUnavailableException("cannot record the refusal", e);
        }
    }
}

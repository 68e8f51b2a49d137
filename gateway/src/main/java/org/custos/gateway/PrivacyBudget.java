package org.custos.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The recipients' differential-privacy budgets in {@code gateway_budgets}, in exact micro-epsilon.
 *
 * <p>A spend is one conditional UPDATE ({@code spent + ε <= limit}): PostgreSQL locks the row and re-checks the
 * condition against the committed value, so concurrent calls serialise on the row and can never together exceed the
 * limit. The spend, its ledger row and the flow's audit event share the caller's transaction.
 */
final class PrivacyBudget {
    private final DataSource dataSource;

    PrivacyBudget(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What {@code recipient} has spent so far. */
    Epsilon spent(String recipient) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT spent_micro FROM gateway_budgets WHERE recipient = ?")) {
            q.setString(1, recipient);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new Epsilon(rs.getLong(1)) : Epsilon.ZERO;
            }
        } catch (SQLException e) {
            throw new GatewayUnavailableException("cannot read the privacy budget", e);
        }
    }

    /**
     * Spends {@code amount} of {@code recipient}'s budget within {@code limit}, in {@code connection}'s transaction.
     *
     * @return false (and nothing changed) if the spend would exceed the limit
     */
    boolean spend(Connection connection, String recipient, Epsilon amount, Epsilon limit, String flow,
                  String policyVersion, String payloadDigest, Instant now) throws SQLException {
        try (PreparedStatement ensure = connection.prepareStatement("""
                INSERT INTO gateway_budgets (recipient, spent_micro, updated_at) VALUES (?, 0, ?)
                ON CONFLICT (recipient) DO NOTHING""")) {
            ensure.setString(1, recipient);
            ensure.setTimestamp(2, Timestamp.from(now));
            ensure.executeUpdate();
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE gateway_budgets SET spent_micro = spent_micro + ?, updated_at = ?
                WHERE recipient = ? AND spent_micro + ? <= ?""")) {
            update.setLong(1, amount.micro());
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, recipient);
            update.setLong(4, amount.micro());
            update.setLong(5, limit.micro());
            if (update.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement ledger = connection.prepareStatement("""
                INSERT INTO gateway_budget_spends
                    (recipient, flow, epsilon_micro, policy_version, payload_digest, spent_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            ledger.setString(1, recipient);
            ledger.setString(2, flow);
            ledger.setLong(3, amount.micro());
            ledger.setString(4, policyVersion);
            ledger.setString(5, payloadDigest);
            ledger.setTimestamp(6, Timestamp.from(now));
            ledger.executeUpdate();
        }
        return true;
    }
}

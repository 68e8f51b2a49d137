package org.custos.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.custos.vault.AuditEvent;
import org.custos.vault.Principal;
import org.custos.vault.Vault;

/**
 * Published policy sets in {@code gateway_policies}; the newest row is in force on every node. Publishing commits
 * the row and its {@link AuditEvent.PolicyChange} in one transaction, so no policy takes effect unlogged.
 */
final class PolicyStore {
    /** The policy id in {@link AuditEvent.PolicyChange} events: the gateway has one policy set. */
    static final String POLICY_ID = "egress";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PUBLISH_LOCK = 0x6761746577617931L;

    private final DataSource dataSource;
    private final Vault vault;

    PolicyStore(DataSource dataSource, Vault vault) {
        this.dataSource = dataSource;
        this.vault = vault;
    }

    /** The version in force, read fresh (one indexed query); empty before the first publication. */
    Optional<String> currentVersion() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT version FROM gateway_policies ORDER BY seq DESC LIMIT 1");
             ResultSet rs = q.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new GatewayUnavailableException("cannot read the policy version", e);
        }
    }

    /** The files of the newest publication. */
    Optional<PolicyBundle> current() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT files::text FROM gateway_policies ORDER BY seq DESC LIMIT 1");
             ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Map<String, String> files = JSON.readValue(rs.getString(1),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
            return Optional.of(new PolicyBundle(new TreeMap<>(files)));
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GatewayUnavailableException("cannot read the policy set", e);
        }
    }

    /**
     * Makes {@code bundle} the policy set in force unless it already is, logging the change in the same
     * transaction.
     *
     * @return true if it was published, false if it was already in force
     */
    boolean publish(PolicyBundle bundle, Principal author, Instant now) {
        String version = bundle.version();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, PUBLISH_LOCK);
                    lock.execute();
                }
                try (PreparedStatement q = c.prepareStatement(
                        "SELECT version FROM gateway_policies ORDER BY seq DESC LIMIT 1");
                     ResultSet rs = q.executeQuery()) {
                    if (rs.next() && rs.getString(1).equals(version)) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO gateway_policies (version, files, author, published_at)
                        VALUES (?, ?::jsonb, ?, ?)""")) {
                    insert.setString(1, version);
                    insert.setString(2, JSON.writeValueAsString(bundle.files()));
                    insert.setString(3, author.toString());
                    insert.setTimestamp(4, Timestamp.from(now));
                    insert.executeUpdate();
                }
                vault.record(c, new AuditEvent.PolicyChange(POLICY_ID, version, version, false, author, now));
                c.commit();
                return true;
            } catch (SQLException | RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new GatewayUnavailableException("cannot publish the policy set", e);
        }
    }
}

package org.custos.lockbox;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.custos.app.accounts.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A state change and its audit event commit together: when the outbox refuses the event, nothing changes. */
class AtomicityIT {
    private LockboxHarness h;

    @BeforeEach
    void start() {
        h = new LockboxHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private void outboxRefusesWrites(boolean refuse) throws SQLException {
        try (Connection c = h.dataSource.getConnection(); Statement s = c.createStatement()) {
            if (refuse) {
                s.execute("""
                        CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN RAISE EXCEPTION 'audit outbox unavailable'; END $$""");
                s.execute("""
                        CREATE TRIGGER refuse_audit BEFORE INSERT ON vault_audit_outbox
                        FOR EACH ROW EXECUTE FUNCTION refuse_audit()""");
            } else {
                s.execute("DROP TRIGGER refuse_audit ON vault_audit_outbox");
                s.execute("DROP FUNCTION refuse_audit()");
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = h.dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void decisions_outboxRefusesTheEvent_answer503AndChangeNothing() throws SQLException {
        String engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        String alice = h.operator("approver-alice", Role.CUSTODIAN_APPROVER);
        String bob = h.operator("approver-bob", Role.CUSTODIAN_APPROVER);
        long subject = h.user("ada_l");
        long id = h.file(engineer, subject, List.of("contact"), 60);
        h.approve(id, alice);

        outboxRefusesWrites(true);
        Reply approve = h.approve(id, bob);
        Reply deny = h.deny(id, bob);
        Reply file = h.call("POST", "/v1/lockbox/requests", LockboxHarness.json(java.util.Map.of("subject", subject,
                "scopes", List.of("contact"), "purpose", "support.debug-account", "justification", "a reason of some length",
                "durationMinutes", 5)), engineer);
        Reply read = h.read(id, engineer);
        outboxRefusesWrites(false);

        assertThat(List.of(approve, deny, file, read)).extracting(Reply::status).containsOnly(503);
        assertThat(approve.problem()).isEqualTo("unavailable");
        assertThat(h.show(id, alice).text("state")).isEqualTo("pending");
        assertThat(count("SELECT count(*) FROM lockbox_approvals")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM lockbox_requests")).isEqualTo(1);
        assertThat(h.approve(id, bob).text("state")).isEqualTo("granted");
    }
}

package org.custos.lockbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.custos.app.accounts.Role;
import org.custos.testing.Reply;
import org.custos.vault.AuditEvent.AccessStep;
import org.custos.vault.AuditEvent.AccessStep.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pending request's other ways out (issue 15): withdrawn by its requester, or expired by the sweeper when nobody
 * decided it within {@code pendingMaxAge}. Its own harness: the expiry test moves the shared clock by days.
 */
class PendingRequestsIT {
    private static LockboxHarness h;
    private static String engineer;
    private static String otherEngineer;
    private static String alice;
    private static String bob;
    private static String both;
    private static long subject;

    @BeforeAll
    static void start() {
        h = new LockboxHarness(LockboxSettings.defaults().withPendingMaxAge(Duration.ofHours(72)));
        engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        otherEngineer = h.operator("owner-eng-2", Role.OWNER_ENGINEER);
        alice = h.operator("approver-alice", Role.CUSTODIAN_APPROVER);
        bob = h.operator("approver-bob", Role.CUSTODIAN_APPROVER);
        both = h.operator("eng-and-approver", Role.OWNER_ENGINEER, Role.CUSTODIAN_APPROVER);
        subject = h.user("ada_l");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    /** 72 hours outlive operator sessions: log in again (tests share these tokens). */
    private static void logInAgain() {
        engineer = h.logIn("owner-eng");
        otherEngineer = h.logIn("owner-eng-2");
        alice = h.logIn("approver-alice");
        bob = h.logIn("approver-bob");
        both = h.logIn("eng-and-approver");
    }

    private static Reply withdraw(long id, String token) {
        return h.call("POST", "/v1/lockbox/requests/" + id + "/withdraw", null, token);
    }

    @Test
    void withdraw_byTheRequester_isFinalLoggedAndCannotBeApproved() {
        long id = h.file(engineer, subject, List.of("contact"), 60);
        h.approve(id, alice);

        Reply withdrawn = withdraw(id, engineer);

        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
        assertThat(withdrawn.text("state")).isEqualTo("withdrawn");
        assertThat(withdrawn.text("closedBy")).isEqualTo("operator:operator-1");
        Reply approve = h.approve(id, bob);
        assertThat(approve.status()).isEqualTo(409);
        assertThat(approve.problem()).isEqualTo("request-closed");
        assertThat(h.deny(id, bob).status()).isEqualTo(409);
        assertThat(withdraw(id, engineer).status()).isEqualTo(409);
        assertThat(h.read(id, engineer).problem()).isEqualTo("no-grant");
        assertThat(h.show(id, alice).text("state")).isEqualTo("withdrawn");
        assertThat(h.call("GET", "/v1/lockbox/requests?state=withdrawn", null, alice).json().path("items")
                .findValuesAsText("id")).contains(Long.toString(id));
        List<AccessStep> steps = h.steps(id);
        assertThat(steps).extracting(AccessStep::step)
                .containsExactly(Step.REQUESTED, Step.APPROVED, Step.WITHDRAWN, Step.REFUSED);
        AccessStep step = steps.get(2);
        assertThat(step.actor().toString()).isEqualTo("operator:operator-1");
        // Nothing the requester wrote: the purpose is the published code, the justification is nowhere.
        assertThat(step.purpose().name()).isEqualTo("support.debug-account");
        assertThat(step.toString()).doesNotContain("Ticket", "log-in loop", "ada_l");
    }

    @Test
    void withdraw_bySomeoneElse_isRefusedAndChangesNothing() {
        long id = h.file(engineer, subject, List.of("contact"), 60);

        assertThat(withdraw(id, otherEngineer).status()).isEqualTo(404); // as GET answers them
        Reply byApprover = withdraw(id, both);
        assertThat(byApprover.status()).isEqualTo(403);
        assertThat(byApprover.problem()).isEqualTo("forbidden");
        assertThat(withdraw(id, alice).status()).isEqualTo(403); // not a requester at all
        assertThat(withdraw(id, null).status()).isEqualTo(401);
        assertThat(withdraw(999_999, engineer).status()).isEqualTo(404);
        assertThat(h.show(id, alice).text("state")).isEqualTo("pending");
        assertThat(h.steps(id)).extracting(AccessStep::step).containsExactly(Step.REQUESTED);
    }

    @Test
    void withdraw_notPending_isAConflict() {
        long granted = h.file(engineer, subject, List.of("contact"), 60);
        h.approve(granted, alice);
        h.approve(granted, bob);
        long denied = h.file(engineer, subject, List.of("contact"), 60);
        h.deny(denied, alice);

        assertThat(withdraw(granted, engineer).status()).isEqualTo(409);
        assertThat(withdraw(denied, engineer).problem()).isEqualTo("request-closed");
        assertThat(h.show(granted, alice).text("state")).isEqualTo("granted");
        assertThat(h.read(granted, engineer).status()).isEqualTo(200);
    }

    @Test
    void pending_undecidedForTheMaxAge_isExpiredByTheSweeperAndLogged() {
        long old = h.file(engineer, subject, List.of("contact"), 60);
        h.approve(old, alice);
        java.time.Instant filed = h.clock.instant();
        h.clock.advance(Duration.ofHours(72).minusSeconds(1));
        logInAgain();
        long young = h.file(engineer, subject, List.of("contact"), 60);
        h.lockbox.expireGrants();
        assertThat(h.show(old, alice).text("state")).isEqualTo("pending");

        h.clock.advance(Duration.ofSeconds(1));
        assertThat(h.lockbox.expireGrants()).isGreaterThanOrEqualTo(1);
        logInAgain();

        Reply expired = h.show(old, alice);
        assertThat(expired.text("state")).isEqualTo("expired");
        assertThat(expired.json().path("grantedAt").isNull()).isTrue();
        assertThat(h.show(young, alice).text("state")).isEqualTo("pending");
        assertThat(h.approve(old, bob).status()).isEqualTo(409);
        assertThat(withdraw(old, engineer).status()).isEqualTo(409);
        assertThat(h.read(old, engineer).problem()).isEqualTo("no-grant");
        List<AccessStep> steps = h.steps(old);
        assertThat(steps).extracting(AccessStep::step)
                .containsExactly(Step.REQUESTED, Step.APPROVED, Step.EXPIRED, Step.REFUSED);
        assertThat(steps.get(2).actor().toString()).isEqualTo("service:lockbox");
        assertThat(steps.get(2).at()).isEqualTo(filed.plus(Duration.ofHours(72)));
        assertThat(h.steps(young)).extracting(AccessStep::step).containsExactly(Step.REQUESTED);
    }
}

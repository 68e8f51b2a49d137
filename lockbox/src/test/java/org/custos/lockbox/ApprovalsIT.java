package org.custos.lockbox;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.custos.app.accounts.Role;
import org.custos.vault.AuditEvent.AccessStep;
import org.custos.vault.AuditEvent.AccessStep.Step;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decision rules over real HTTP and PostgreSQL: two-person rule, no self-approval, denial, revocation, time box. */
class ApprovalsIT {
    private static LockboxHarness h;
    private static String engineer;
    private static String alice;
    private static String bob;
    private static String both;
    private static long subject;

    @BeforeAll
    static void start() {
        h = new LockboxHarness();
        engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        alice = h.operator("approver-alice", Role.CUSTODIAN_APPROVER);
        bob = h.operator("approver-bob", Role.CUSTODIAN_APPROVER);
        both = h.operator("eng-and-approver", Role.OWNER_ENGINEER, Role.CUSTODIAN_APPROVER);
        subject = h.user("ada_l");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void approve_oneOfTwo_staysPendingAndReadsAreRefused() {
        long id = h.file(engineer, subject, List.of("contact"), 60);

        Reply first = h.approve(id, alice);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text("state")).isEqualTo("pending");
        assertThat(first.json().path("approvals")).hasSize(1);
        assertThat(h.read(id, engineer).problem()).isEqualTo("no-grant");
    }

    @Test
    void approve_secondDistinctApprover_grantsForTheDurationFromThatMoment() {
        long id = h.file(engineer, "ada_l", List.of("contact"), 60);
        h.approve(id, alice);
        h.clock.advance(Duration.ofMinutes(10));

        Reply second = h.approve(id, bob);

        assertThat(second.text("state")).isEqualTo("granted");
        assertThat(second.text("grantedAt")).isEqualTo(h.clock.instant().toString());
        assertThat(second.text("expiresAt")).isEqualTo(h.clock.instant().plus(Duration.ofMinutes(60)).toString());
        assertThat(second.json().path("approvals").findValuesAsText("approver"))
                .containsExactly("operator:operator-2", "operator:operator-3");
        Reply read = h.read(id, engineer);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("data").path("email").asText()).isEqualTo("ada_l@example.org");
        assertThat(h.steps(id)).extracting(AccessStep::step)
                .containsExactly(Step.REQUESTED, Step.APPROVED, Step.APPROVED, Step.GRANTED);
    }

    @Test
    void approve_byTheRequester_isRefusedAndChangesNothing() {
        long id = h.file(both, subject, List.of("profile"), 30);

        Reply self = h.approve(id, both);

        assertThat(self.status()).isEqualTo(403);
        assertThat(self.problem()).isEqualTo("self-approval");
        assertThat(h.show(id, alice).json().path("approvals")).isEmpty();
        assertThat(h.steps(id)).extracting(AccessStep::step).containsExactly(Step.REQUESTED);
    }

    @Test
    void approve_sameApproverTwice_countsOnce() {
        long id = h.file(engineer, subject, List.of("profile"), 30);
        h.approve(id, alice);

        Reply again = h.approve(id, alice);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problem()).isEqualTo("already-approved");
        assertThat(h.show(id, alice).text("state")).isEqualTo("pending");
    }

    @Test
    void deny_isFinal() {
        long id = h.file(engineer, subject, List.of("contact"), 30);
        h.approve(id, alice);

        Reply denied = h.deny(id, bob);
        Reply lateApproval = h.approve(id, bob);

        assertThat(denied.text("state")).isEqualTo("denied");
        assertThat(denied.text("closedBy")).isEqualTo("operator:operator-3");
        assertThat(lateApproval.status()).isEqualTo(409);
        assertThat(lateApproval.problem()).isEqualTo("request-closed");
        assertThat(h.deny(id, alice).status()).isEqualTo(409);
        assertThat(h.read(id, engineer).problem()).isEqualTo("no-grant");
        assertThat(h.steps(id)).extracting(AccessStep::step)
                .containsExactly(Step.REQUESTED, Step.APPROVED, Step.DENIED, Step.REFUSED);
    }

    @Test
    void revoke_endsTheGrantAtOnce() {
        long id = h.file(engineer, subject, List.of("contact"), 60);
        h.approve(id, alice);
        h.approve(id, bob);
        assertThat(h.read(id, engineer).status()).isEqualTo(200);

        Reply revoked = h.revoke(id, alice);

        assertThat(revoked.text("state")).isEqualTo("revoked");
        assertThat(h.read(id, engineer).problem()).isEqualTo("no-grant");
        assertThat(h.revoke(id, bob).status()).isEqualTo(409);
        assertThat(h.steps(id)).extracting(AccessStep::step).containsExactly(Step.REQUESTED, Step.APPROVED,
                Step.APPROVED, Step.GRANTED, Step.REVOKED, Step.REFUSED);
    }

    @Test
    void timeBox_afterTheDuration_readsAreRefusedAndTheSweeperRecordsExpiry() {
        long id = h.file(engineer, subject, List.of("contact"), 30);
        h.approve(id, alice);
        h.approve(id, bob);
        h.clock.advance(Duration.ofMinutes(29));
        assertThat(h.read(id, engineer).status()).isEqualTo(200);

        h.clock.advance(Duration.ofMinutes(1));

        Reply late = h.read(id, engineer);
        assertThat(late.status()).isEqualTo(403);
        assertThat(late.json().path("detail").asText()).contains("expired");
        assertThat(h.lockbox.expireGrants()).isGreaterThanOrEqualTo(1);
        assertThat(h.show(id, alice).text("state")).isEqualTo("expired");
        assertThat(h.lockbox.expireGrants()).isZero();
        List<AccessStep> steps = h.steps(id);
        assertThat(steps).extracting(AccessStep::step).containsExactly(Step.REQUESTED, Step.APPROVED,
                Step.APPROVED, Step.GRANTED, Step.REFUSED, Step.EXPIRED);
        assertThat(steps.getLast().actor().toString()).isEqualTo("service:lockbox");
        assertThat(h.revoke(id, alice).status()).isEqualTo(409);
    }

    @Test
    void roles_areEnforced() {
        long id = h.file(engineer, subject, List.of("contact"), 30);

        assertThat(h.approve(id, engineer).status()).isEqualTo(403);
        assertThat(h.call("POST", "/v1/lockbox/requests", "{}", alice).status()).isEqualTo(403);
        assertThat(h.approve(id, null).status()).isEqualTo(401);
        assertThat(h.approve(id, "not-a-live-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaa").status()).isEqualTo(401);
        assertThat(h.show(id, alice).status()).isEqualTo(200);
        assertThat(h.approve(999_999, alice).status()).isEqualTo(404);
    }

    @Test
    void list_filtersByState_andShowsRequestersOnlyTheirOwn() {
        String other = h.operator("owner-eng-2", Role.OWNER_ENGINEER);
        long mine = h.file(other, subject, List.of("profile"), 30);
        h.deny(mine, alice);

        Reply forApprover = h.call("GET", "/v1/lockbox/requests?state=denied", null, alice);
        Reply forOther = h.call("GET", "/v1/lockbox/requests", null, other);

        assertThat(forApprover.json().path("items").findValuesAsText("state")).isNotEmpty().containsOnly("denied");
        assertThat(forOther.json().path("items").findValuesAsText("requester"))
                .containsExactly("operator:operator-5");
        assertThat(h.show(mine, engineer).status()).isEqualTo(404);
        assertThat(h.call("GET", "/v1/lockbox/requests?state=open", null, alice).problem()).isEqualTo("validation");
    }

    @Test
    void file_badInput_answersAProblemAndWritesNothing() {
        long outbox = h.vault.outbox().latestPosition();
        int requests = h.call("GET", "/v1/lockbox/requests?limit=100", null, alice).json().path("items").size();

        Reply invalid = h.call("POST", "/v1/lockbox/requests", LockboxHarness.json(java.util.Map.of(
                "subject", "nobody_here", "scopes", List.of("contact"), "purpose", "support.debug-account",
                "justification", "Ticket 4711: log-in loop", "durationMinutes", 60)), engineer);
        Reply tooLong = h.call("POST", "/v1/lockbox/requests", LockboxHarness.json(java.util.Map.of(
                "subject", subject, "scopes", List.of("contact"), "purpose", "support.debug-account",
                "justification", "Ticket 4711: log-in loop", "durationMinutes", 24 * 60 + 1)), engineer);
        Reply malformed = h.call("POST", "/v1/lockbox/requests", "{\"subject\": ", engineer);

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorFields()).containsExactly("subject");
        assertThat(tooLong.errorFields()).containsExactly("durationMinutes");
        assertThat(malformed.problem()).isEqualTo("malformed-json");
        assertThat(malformed.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(h.vault.outbox().latestPosition()).isEqualTo(outbox);
        assertThat(h.call("GET", "/v1/lockbox/requests?limit=100", null, alice).json().path("items"))
                .hasSize(requests);
    }
}

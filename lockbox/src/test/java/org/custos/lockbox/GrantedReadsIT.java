package org.custos.lockbox;

import org.custos.testing.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.custos.app.accounts.Role;
import org.custos.vault.AuditEvent;
import org.custos.vault.AuditEvent.AccessStep;
import org.custos.vault.AuditEvent.AccessStep.Step;
import org.custos.vault.OutboxEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads under a grant: what is served, what is refused, and what the audit trail says about each. */
class GrantedReadsIT {
    private static LockboxHarness h;
    private static String engineer;
    private static String otherEngineer;
    private static String alice;
    private static String bob;
    private static long subject;

    @BeforeAll
    static void start() {
        h = new LockboxHarness();
        engineer = h.operator("owner-eng", Role.OWNER_ENGINEER);
        otherEngineer = h.operator("owner-eng-2", Role.OWNER_ENGINEER);
        alice = h.operator("approver-alice", Role.CUSTODIAN_APPROVER);
        bob = h.operator("approver-bob", Role.CUSTODIAN_APPROVER);
        subject = h.user("grace_h");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static long granted(List<String> scopes) {
        long id = h.file(engineer, subject, scopes, 60);
        h.approve(id, alice);
        h.approve(id, bob);
        return id;
    }

    @Test
    void read_withinScope_servesOnlyTheGrantedDataAndLogsEachValueAsAReadUnderTheGrant() {
        long id = granted(List.of("profile"));
        long before = h.vault.outbox().latestPosition();

        Reply read = h.read(id, engineer);

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().path("data").path("birthDate").asText()).isEqualTo("1990-04-01");
        assertThat(read.json().path("data").path("region").asText()).isEqualTo("FR");
        assertThat(read.json().path("data").has("email")).isFalse();
        assertThat(read.json().path("data").has("watchHistory")).isFalse();
        List<AuditEvent.ProtectedRead> reads = h.vault.outbox().after(before, 100).stream()
                .map(OutboxEntry::event).filter(AuditEvent.ProtectedRead.class::isInstance)
                .map(AuditEvent.ProtectedRead.class::cast).toList();
        assertThat(reads).hasSize(2).allSatisfy(r -> {
            assertThat(r.grant()).isEqualTo("lockbox-" + id);
            assertThat(r.principal().toString()).isEqualTo("operator:operator-1");
            assertThat(r.purpose().name()).isEqualTo("support.debug-account");
            assertThat(r.subjectPseudonyms()).containsExactly(h.vault.pseudonym(new org.custos.vault.SubjectId(subject)));
        });
        assertThat(reads).extracting(r -> r.columns().getFirst().toString())
                .containsExactlyInAnyOrder("app_users.birth_date", "app_users.region");
    }

    @Test
    void read_outOfScope_isRefusedAndAudited() {
        long id = granted(List.of("profile"));
        long before = h.vault.outbox().latestPosition();

        Reply read = h.call("GET", "/v1/lockbox/grants/" + id + "/data?scope=profile,contact", null, engineer);

        assertThat(read.status()).isEqualTo(403);
        assertThat(read.problem()).isEqualTo("no-grant");
        List<OutboxEntry> after = h.vault.outbox().after(before, 100);
        assertThat(after).extracting(OutboxEntry::event).noneMatch(AuditEvent.ProtectedRead.class::isInstance);
        AccessStep refused = (AccessStep) after.getLast().event();
        assertThat(refused.step()).isEqualTo(Step.REFUSED);
        assertThat(refused.requestId()).isEqualTo("lockbox-" + id);
        assertThat(refused.columns()).extracting(Object::toString)
                .contains("app_users.email");
        assertThat(refused.actor().toString()).isEqualTo("operator:operator-1");
    }

    @Test
    void read_byAnotherRequester_isRefusedAndAudited() {
        long id = granted(List.of("contact"));

        Reply read = h.read(id, otherEngineer);

        assertThat(read.status()).isEqualTo(403);
        AccessStep refused = h.steps(id).getLast();
        assertThat(refused.step()).isEqualTo(Step.REFUSED);
        assertThat(refused.actor().toString()).isEqualTo("operator:operator-2");
    }

    @Test
    void read_byAnApprover_isRefused() {
        long id = granted(List.of("contact"));

        assertThat(h.read(id, alice).status()).isEqualTo(403);
        assertThat(h.steps(id).getLast().step()).isEqualTo(Step.REFUSED);
    }

    @Test
    void read_withoutAnyGrant_isRefusedAndAudited() {
        Reply read = h.read(424_242, engineer);

        assertThat(read.status()).isEqualTo(403);
        AccessStep refused = h.steps(424_242).getLast();
        assertThat(refused.step()).isEqualTo(Step.REFUSED);
        assertThat(refused.purpose().name()).isEqualTo("lockbox.no-grant");
        assertThat(refused.subjectPseudonyms()).isEmpty();
    }

    @Test
    void read_pending_isRefused() {
        long id = h.file(engineer, subject, List.of("contact"), 60);

        assertThat(h.read(id, engineer).status()).isEqualTo(403);
        assertThat(h.steps(id)).extracting(AccessStep::step).containsExactly(Step.REQUESTED, Step.REFUSED);
    }

    @Test
    void read_unknownScopeName_is400AndChangesNothing() {
        long id = granted(List.of("contact"));
        long before = h.vault.outbox().latestPosition();

        Reply read = h.call("GET", "/v1/lockbox/grants/" + id + "/data?scope=passwords", null, engineer);

        assertThat(read.status()).isEqualTo(400);
        assertThat(read.errorFields()).containsExactly("scope");
        assertThat(h.vault.outbox().latestPosition()).isEqualTo(before);
    }

    @Test
    void auditTrail_wholeLife_hasEveryStepInOrderAndNoPersonalData() {
        long id = h.file(engineer, "grace_h", List.of("contact", "profile", "watch-history"), 60);
        h.approve(id, alice);
        h.approve(id, bob);
        assertThat(h.read(id, engineer).status()).isEqualTo(200);
        h.revoke(id, bob);
        h.read(id, engineer);

        assertThat(h.steps(id)).extracting(AccessStep::step).containsExactly(Step.REQUESTED, Step.APPROVED,
                Step.APPROVED, Step.GRANTED, Step.REVOKED, Step.REFUSED);
        String pseudonym = h.vault.pseudonym(new org.custos.vault.SubjectId(subject));
        assertThat(h.steps(id)).allSatisfy(step -> {
            assertThat(step.subjectPseudonyms()).containsExactly(pseudonym);
            assertThat(step.purpose().name()).isEqualTo("support.debug-account");
        });
        for (OutboxEntry entry : h.outbox()) {
            assertThat(entry.json()).doesNotContain("grace_h", "example.org", "1990-04-01", "\"FR\"",
                    "Name of", "Ticket 4711", "\"subject\":" + subject);
        }
    }
}

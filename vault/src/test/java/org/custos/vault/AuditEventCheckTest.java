package org.custos.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEventCheckTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String PSN = "ps1:0123456789abcdef0123456789abcdef";
    private static final Principal PSEUDONYMOUS_USER = new Principal(Principal.Kind.USER, PSN);

    private static AuditEvent.AccessStep step(Principal actor, List<String> subjects) {
        return new AuditEvent.AccessStep(AuditEvent.AccessStep.Step.REQUESTED, "req-1", actor,
                new Purpose("support.debug-account"), List.of(Column.of("app_accounts.email")), subjects, T);
    }

    @Test
    void checked_rawSubjectIdOrEmail_isRefusedWithoutEchoingIt() {
        for (String raw : List.of("42", "alice@example.org", "ps1:42", "psn:AAAAAAAAAAAAAAAAAAAAAA")) {
            assertThatThrownBy(() -> AuditEventCheck.checked(step(Principal.operator("op-1"), List.of(raw)),
                    p -> p)).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(raw);
        }
    }

    @Test
    void checked_userPrincipal_isReplacedByTheGivenPseudonym() {
        AuditEvent checked = AuditEventCheck.checked(step(Principal.user(new SubjectId(42)), List.of(PSN)),
                p -> PSEUDONYMOUS_USER);
        assertThat(((AuditEvent.AccessStep) checked).actor()).isEqualTo(PSEUDONYMOUS_USER);
    }

    private static AuditEvent.Flow flow(String flowId, String query, String reason) {
        return new AuditEvent.Flow(flowId, "owner-sync", "sha256:ab", query, 0, 0, "0", "",
                AuditEvent.Decision.DENIED, reason, T);
    }

    /** Issue 15: a flow record carries the gateway's validated rendering and codes, never what a caller sent. */
    @Test
    void checked_flowWithCallerText_isRefusedWithoutEchoingIt() {
        String[][] refused = {
                {"public-content", "fields=video_id,ada_l;after=ada@example.org", "field-not-declared"},
                {"public-content", "fields=dau;from=1991-11-28", "policy-denied"},
                {"public-content", "", "field_not_declared: flow x does not declare [ada_l]"},
                {"ada@example.org", "", "flow-not-declared"}};
        for (String[] f : refused) {
            assertThatThrownBy(() -> AuditEventCheck.checked(flow(f[0], f[1], f[2]), p -> p))
                    .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("ada");
        }
        AuditEvent.Flow fine = flow("(undeclared)", "", "flow-not-declared");
        assertThat(AuditEventCheck.checked(fine, p -> p)).isEqualTo(fine);
        AuditEvent.Flow validated = flow("aggregate-metrics",
                "fields=dau;undeclared-fields=1;from=hmac:0123456789abcdef0123456789abcdef;videoIds=1,2", "");
        assertThat(AuditEventCheck.checked(validated, p -> p)).isEqualTo(validated);
    }

    @Test
    void checked_tooManySubjects_isRefused() {
        List<String> many = Collections.nCopies(AuditEventCheck.MAX_SUBJECTS + 1, PSN);
        assertThatThrownBy(() -> AuditEventCheck.checked(step(Principal.operator("op-1"), many), p -> p))
                .hasMessageContaining("at most");
    }

    @Test
    void checked_keyEventOfTheKek_passesUnchanged() {
        AuditEvent kek = new AuditEvent.KeyEvent(AuditEvent.KeyEvent.Kind.ROTATED, "kek:2", "", T);
        assertThat(AuditEventCheck.checked(kek, p -> p)).isEqualTo(kek);
    }

    @Test
    void checked_releaseStepByAUser_namesThemByPseudonym() {
        AuditEvent byUser = new AuditEvent.ReleaseStep(AuditEvent.ReleaseStep.Step.SUBMITTED,
                AuditEventJsonTest.REL, AuditEventJsonTest.ARTIFACT, AuditEventJsonTest.SOURCE,
                Principal.user(new SubjectId(42)), "", "", "", T);
        assertThat(((AuditEvent.ReleaseStep) AuditEventCheck.checked(byUser, p -> PSEUDONYMOUS_USER)).actor())
                .isEqualTo(PSEUDONYMOUS_USER);
    }

    @Test
    void checked_engineLineageAndBuildEvents_passUnchanged() {
        List<AuditEvent> events = List.of(
                new AuditEvent.EngineEvent(AuditEvent.EngineEvent.Kind.ADMITTED, AuditEventJsonTest.REL,
                        AuditEventJsonTest.ARTIFACT, "", "", 1, T),
                new AuditEvent.ModelLineage(AuditEventJsonTest.REL, AuditEventJsonTest.ARTIFACT, T, T, 0, 0,
                        AuditEventJsonTest.SOURCE, 0, AuditEventJsonTest.SOURCE, T),
                new AuditEvent.BuildMeasured(AuditEventJsonTest.ARTIFACT, "25",
                        List.of("a.jar@" + AuditEventJsonTest.SOURCE), T));
        for (AuditEvent event : events) {
            assertThat(AuditEventCheck.checked(event, p -> PSEUDONYMOUS_USER)).isSameAs(event);
        }
    }
}

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

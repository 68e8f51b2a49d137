package org.custos.lockbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RequestFormTest {
    private static final Set<String> SCOPES = Set.of("profile", "contact", "watch-history");
    private static final Duration MAX = Duration.ofHours(8);

    private static RequestForm parse(String json) {
        return RequestForm.parse(json.getBytes(StandardCharsets.UTF_8), SCOPES, MAX);
    }

    private static LockboxProblem problem(String json) {
        try {
            parse(json);
        } catch (LockboxProblem p) {
            return p;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void parse_validForm_keepsEveryField() {
        RequestForm form = parse("""
                {"subject": "ada_l", "scopes": ["contact", "profile"], "purpose": "support.debug-account",
                 "justification": "  Ticket 4711: log-in loop  ", "durationMinutes": 90}""");

        assertThat(form.subject()).isEqualTo(new RequestForm.Subject.ByHandle("ada_l"));
        assertThat(form.scopes()).containsExactly("contact", "profile");
        assertThat(form.justification()).isEqualTo("Ticket 4711: log-in loop");
        assertThat(form.duration()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void parse_numberSubject_isAnId() {
        assertThat(parse("""
                {"subject": 17, "scopes": ["contact"], "purpose": "support.account-recovery", "justification": "long enough text",
                 "durationMinutes": 1}""").subject()).isEqualTo(new RequestForm.Subject.ById(17));
    }

    @Test
    void parse_everyFieldWrong_listsEveryField() {
        LockboxProblem p = problem("""
                {"subject": -1, "scopes": ["contact", "contact"], "purpose": "self", "justification": "short",
                 "durationMinutes": 481, "extra": true}""");

        assertThat(p.type()).isEqualTo(ProblemType.VALIDATION);
        assertThat(p.errors()).extracting(e -> e.get("field")).containsExactly("extra", "subject", "scopes",
                "purpose", "justification", "durationMinutes");
    }

    @Test
    void parse_purposeOutsideTheVocabulary_isRefusedListingTheCodesWithoutEchoingIt() {
        for (String purpose : new String[] {"support.ada_l.dob-1991-11-28", "support.x", "support", "self",
                "lockbox.no-grant", "SUPPORT.DEBUG-ACCOUNT"}) {
            LockboxProblem p = problem("""
                    {"subject": "ada_l", "scopes": ["contact"], "purpose": "%s",
                     "justification": "Ticket 4711: log-in loop", "durationMinutes": 30}""".formatted(purpose));
            assertThat(p.type()).isEqualTo(ProblemType.VALIDATION);
            assertThat(p.errors()).singleElement().satisfies(e -> {
                assertThat(e.get("field")).isEqualTo("purpose");
                assertThat(e.get("message")).contains(PurposeCodes.CODES).doesNotContain("ada_l");
            });
        }
    }

    @Test
    void parse_everyPublishedCode_isAccepted() {
        for (String code : PurposeCodes.CODES) {
            assertThat(parse("""
                    {"subject": 17, "scopes": ["contact"], "purpose": "%s", "justification": "long enough text",
                     "durationMinutes": 1}""".formatted(code)).purpose().name()).isEqualTo(code);
        }
    }

    @Test
    void parse_emptyObject_namesTheRequiredFields() {
        assertThat(problem("{}").errors()).hasSize(5);
    }

    @Test
    void parse_duplicateKeysOrTrailingData_isMalformed() {
        assertThat(problem("{\"purpose\": \"a\", \"purpose\": \"b\"}").type()).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(problem("{} {}").type()).isEqualTo(ProblemType.MALFORMED_JSON);
        assertThat(problem("[]").type()).isEqualTo(ProblemType.MALFORMED_JSON);
    }

    @Test
    void parse_malformed_doesNotEchoTheInput() {
        LockboxProblem p = problem("{\"justification\": \"ada@example.org");
        assertThat(p.detail()).doesNotContain("ada@example.org");
    }

    @Property
    void parse_anyBytes_eitherAFormOrATypedProblem(@ForAll byte[] body) {
        try {
            RequestForm.parse(body, SCOPES, MAX);
        } catch (LockboxProblem p) {
            assertThat(p.type()).isIn(ProblemType.VALIDATION, ProblemType.MALFORMED_JSON);
        }
    }

    @Property
    void parse_anyDuration_acceptedExactlyWithinOneToMax(@ForAll long minutes) {
        String json = LockboxHarness.json(Map.of("subject", 1, "scopes", new String[] {"contact"}, "purpose", "legal.court-order",
                "justification", "a reason of some length", "durationMinutes", minutes));
        boolean inRange = minutes >= 1 && minutes <= MAX.toMinutes();
        if (inRange) {
            assertThat(parse(json).duration()).isEqualTo(Duration.ofMinutes(minutes));
        } else {
            assertThatThrownBy(() -> parse(json)).isInstanceOf(LockboxProblem.class);
        }
    }
}

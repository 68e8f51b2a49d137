package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The JSON bodies of the release routes: every bad field named, and any bytes give a form or a typed problem. */
class FormsTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void submission_valid() {
        Forms.Submission form = Forms.submission(bytes("{\"artifact\":\"" + DIGEST + "\",\"source\":\"" + DIGEST
                + "\",\"notes\":\"n\"}"));
        assertThat(form.artifact().toString()).isEqualTo(DIGEST);
        assertThat(form.notes()).isEqualTo("n");
        assertThat(Forms.submission(bytes("{\"artifact\":\"" + DIGEST + "\",\"source\":\"" + DIGEST + "\"}"))
                .notes()).isEmpty();
    }

    @Test
    void submission_everyBadFieldIsNamed() {
        assertThatThrownBy(() -> Forms.submission(bytes("{\"artifact\":\"sha256:AB\",\"notes\":3}")))
                .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.errors())
                        .extracting(m -> m.get("field")).containsExactly("artifact", "source", "notes"));
        assertThatThrownBy(() -> Forms.submission(bytes("[]"))).isInstanceOfSatisfying(ReleaseException.class,
                e -> assertThat(e.problem()).isEqualTo(ReleaseProblem.MALFORMED_JSON));
        assertThatThrownBy(() -> Forms.submission(bytes("{\"artifact\":1,\"artifact\":2}")))
                .isInstanceOfSatisfying(ReleaseException.class,
                        e -> assertThat(e.problem()).isEqualTo(ReleaseProblem.MALFORMED_JSON));
    }

    @Test
    void review_verdictsAndReasons() {
        assertThat(Forms.review(bytes("{\"verdict\":\"approve\"}")).verdict()).isEqualTo(ReviewVerdict.APPROVE);
        Forms.ReviewForm reject = Forms.review(bytes("{\"verdict\":\"reject\",\"findings\":\"f\","
                + "\"reason\":\"personal-data\"}"));
        assertThat(reject.reason()).contains(ReasonCode.PERSONAL_DATA);
        assertThat(Forms.review(bytes("{\"verdict\":\"reject\"}")).reason()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> Forms.review(bytes("{\"verdict\":\"approve\",\"reason\":\"other\"}")))
                .isInstanceOfSatisfying(ReleaseException.class, e -> assertThat(e.errors())
                        .extracting(m -> m.get("field")).containsExactly("reason"));
        assertThat(Forms.revocation(bytes("{\"reason\":\"signing-key-compromised\"}")))
                .isEqualTo(ReasonCode.SIGNING_KEY_COMPROMISED);
        assertThatThrownBy(() -> Forms.revocation(bytes("{}"))).isInstanceOf(ReleaseException.class);
    }

    @Property(tries = 500)
    void anyBytes_giveAFormOrAValidationOrMalformedProblem(@ForAll("bodies") byte[] body) {
        for (java.util.function.Function<byte[], ?> parser : java.util.List.<java.util.function.Function<byte[], ?>>of(
                Forms::submission, Forms::review, Forms::revocation)) {
            try {
                assertThat(parser.apply(body)).isNotNull();
            } catch (ReleaseException e) {
                assertThat(e.problem()).isIn(ReleaseProblem.VALIDATION, ReleaseProblem.MALFORMED_JSON);
            }
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("\"" + DIGEST + "\"", "\"approve\"", "\"reject\"",
                "\"other\"", "null", "1", "[]", "{}", "\"\""), Arbitraries.strings().ofMaxLength(20)
                .map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""));
        Arbitrary<String> key = Arbitraries.of("artifact", "source", "notes", "verdict", "findings", "reason", "x");
        Arbitrary<String> objects = Arbitraries.maps(key, value).ofMaxSize(4).map(m -> {
            StringBuilder out = new StringBuilder("{");
            m.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return out.append('}').toString();
        });
        return Arbitraries.oneOf(objects.map(FormsTest::bytes), Arbitraries.bytes().array(byte[].class)
                .ofMaxSize(64));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.custos.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    @Test
    void parse_duplicateKeys_isMalformed() {
        assertProblem("{\"a\":\"1\",\"a\":\"2\"}", ProblemType.MALFORMED_JSON);
    }

    @Test
    void parse_trailingTokensOrNonObjects_areMalformed() {
        assertProblem("{\"a\":\"1\"} {}", ProblemType.MALFORMED_JSON);
        assertProblem("[1,2]", ProblemType.MALFORMED_JSON);
        assertProblem("\"text\"", ProblemType.MALFORMED_JSON);
        assertProblem("", ProblemType.MALFORMED_JSON);
    }

    @Test
    void parse_nestedPastTheLimit_isMalformedAndSaysSo_evenInsideAnUnknownField() {
        for (int depth : new int[] {17, 20, 5000}) {
            String nested = "{\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            assertThatThrownBy(() -> JsonBody.parse(bytes(nested)))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
                        assertThat(e.detail()).contains("nested deeper than 16 levels");
                    });
        }
        JsonBody.parse(bytes("{\"x\":" + "[".repeat(15) + "]".repeat(15) + "}"));
    }

    @Test
    void malformedJson_detail_doesNotQuoteTheBody() {
        assertThatThrownBy(() -> JsonBody.parse(bytes("{\"password\": \"hunter2-secret")))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
                    assertThat(e.detail()).doesNotContain("hunter2");
                    assertThat(e.getMessage()).doesNotContain("hunter2");
                });
    }

    @Test
    void finish_collectsEveryErrorIncludingUnknownFields() {
        JsonBody body = JsonBody.parse(bytes("{\"name\": 7, \"extra\": \"x\"}"));
        body.requiredString("name");
        body.requiredString("missing");

        assertThatThrownBy(body::finish).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors())
                .containsExactly(new FieldError("name", "must be a string"), new FieldError("missing", "is required"),
                        new FieldError("extra", "is not a known field")));
    }

    @Test
    void optionalString_absentIsEmptyButNullIsAnError() {
        JsonBody body = JsonBody.parse(bytes("{\"b\": null}"));

        assertThat(body.optionalString("a")).isEmpty();
        assertThat(body.optionalString("b")).isEmpty();
        assertThatThrownBy(body::finish).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.errors()).containsExactly(new FieldError("b", "must not be null")));
    }

    @Property
    void parse_anyBytes_eitherParsesOrAnswersMalformedJson(@ForAll byte[] body) {
        try {
            JsonBody.parse(body);
        } catch (ProblemException e) {
            assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
        }
    }

    private static void assertProblem(String body, ProblemType type) {
        assertThatThrownBy(() -> JsonBody.parse(bytes(body)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(type));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requiredObjects_elementErrors_areReportedWithTheirIndex() {
        JsonBody body = JsonBody.parse("""
                {"events": [{"n": 1, "b": true}, {"n": 1.5, "b": "yes", "extra": 0}, {}]}"""
                .getBytes(StandardCharsets.UTF_8));
        var elements = body.requiredObjects("events", 10).orElseThrow();
        for (int i = 0; i < elements.size(); i++) {
            JsonBody e = elements.get(i);
            e.requiredLong("n");
            e.optionalBoolean("b");
            body.finishElement("events[" + i + "]", e);
        }

        assertThatThrownBy(body::finish).isInstanceOfSatisfying(ProblemException.class, p ->
                assertThat(p.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                        "events[1].n", "events[1].b", "events[1].extra", "events[2].n"));
    }

    @Test
    void requiredObjects_emptyTooLongOrNotObjects_isOneFieldError() {
        for (String json : new String[] {"{\"e\": []}", "{\"e\": [{}, {}, {}]}", "{\"e\": [1]}", "{\"e\": {}}"}) {
            JsonBody body = JsonBody.parse(json.getBytes(StandardCharsets.UTF_8));
            assertThat(body.requiredObjects("e", 2)).as(json).isEmpty();
            assertThatThrownBy(body::finish).as(json).isInstanceOf(ProblemException.class);
        }
    }
}

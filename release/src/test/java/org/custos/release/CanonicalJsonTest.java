package org.custos.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The canonical JSON form: sorted members, no whitespace, minimal escapes, integers only. */
class CanonicalJsonTest {

    @Test
    void write_sortsMembersAndEscapesMinimally() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("b", 1);
        node.put("a", "x\"y\\z\n\u0001é€😀");
        node.putArray("c").add(true).addNull();
        node.putObject("B").put("z", -7);
        assertThat(CanonicalJson.write(node))
                .isEqualTo("{\"B\":{\"z\":-7},\"a\":\"x\\\"y\\\\z\\n\\u0001é€😀\",\"b\":1,\"c\":[true,null]}");
        assertThatThrownBy(() -> CanonicalJson.write(JsonNodeFactory.instance.numberNode(1.5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseCanonical_refusesOtherFormsOfTheSameValue() {
        assertThatThrownBy(() -> CanonicalJson.parseCanonical("{\"b\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("canonical");
        assertThatThrownBy(() -> CanonicalJson.parseCanonical("{\"a\":1,\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> CanonicalJson.parseCanonical("{\"a\":\"\\u0065\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("canonical");
    }

    @Property(tries = 300)
    void anyString_roundTripsThroughTheCanonicalForm(@ForAll String text) throws Exception {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(text, text);
        byte[] bytes = CanonicalJson.bytes(node);
        assertThat(CanonicalJson.parseCanonical(bytes).path(text).asText()).isEqualTo(text);
    }
}
